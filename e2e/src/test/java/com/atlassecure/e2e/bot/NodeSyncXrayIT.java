package com.atlassecure.e2e.bot;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.bot.apiclient.BatchOutcome;
import com.atlassecure.bot.apiclient.HttpXrayApi;
import com.atlassecure.contract.errors.ErrorCode;
import com.atlassecure.contract.users.ActiveUsersDigest;
import com.atlassecure.contract.users.UserBatchItem;
import com.atlassecure.contract.users.UserPage;
import com.atlassecure.contract.users.UserPageEntry;
import com.atlassecure.contract.users.UserState;
import com.atlassecure.testkit.xray.RequiresXray;
import com.atlassecure.testkit.xray.XrayBinary;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The bot's sync client against a real node (xray + API, signed as production): a batch's keys pass the bot's checks,
 * the digest the bot computes from what it sent equals the node's, signed pages walk every user once in order, and a
 * second batch with a conflicting item changes exactly what it should.
 */
@RequiresXray
class NodeSyncXrayIT {
    static final long DAY_MS = 86_400_000L;

    static String digestOf(Map<String, Long> wanted) {
        ActiveUsersDigest d = new ActiveUsersDigest();
        wanted.forEach(d::add);
        return d.finish().sha256();
    }

    @Test
    void theBotsDigestOfWhatItSentMatchesTheNodeAcrossBatchesAndPages(XrayBinary binary) {
        try (RealSystem system = new RealSystem(binary)) {
            HttpXrayApi node = new HttpXrayApi(
                    URI.create("http://127.0.0.1:" + system.apiPort),
                    RealSystem.API_KEY,
                    RealSystem.SIGNING_SECRET.getBytes(StandardCharsets.UTF_8),
                    Duration.ofSeconds(20),
                    Clock.systemUTC());
            long expiry = Instant.now().toEpochMilli() + 30 * DAY_MS;
            TreeMap<String, Long> wanted = new TreeMap<>();
            List<UserBatchItem> adds = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                String uuid = UUID.randomUUID().toString();
                wanted.put(uuid.toLowerCase(Locale.ROOT), expiry + i);
                adds.add(UserBatchItem.add(50_000 + i, uuid, expiry + i));
            }

            List<BatchOutcome> added = node.batch(adds);

            assertThat(added).hasSize(600).allSatisfy(o -> assertThat(o).isInstanceOf(BatchOutcome.Key.class));
            assertThat(((BatchOutcome.Key) added.get(3)).key().uuid())
                    .isEqualTo(adds.get(3).uuid());
            assertThat(node.digest().count()).isEqualTo(600);
            assertThat(node.digest().sha256()).isEqualTo(digestOf(wanted));

            List<UserPageEntry> walked = new ArrayList<>();
            String after = null;
            do {
                UserPage page = node.page(after, 250);
                walked.addAll(page.users());
                after = page.nextAfter();
            } while (after != null);
            assertThat(walked).extracting(UserPageEntry::uuid).containsExactlyElementsOf(wanted.keySet());
            assertThat(walked).allSatisfy(e -> assertThat(e.state()).isEqualTo(UserState.active));

            List<String> uuids = new ArrayList<>(wanted.keySet());
            List<UserBatchItem> changes = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                changes.add(UserBatchItem.remove(uuids.get(i)));
                wanted.remove(uuids.get(i));
            }
            for (int i = 10; i < 15; i++) {
                changes.add(UserBatchItem.update(uuids.get(i), expiry + DAY_MS));
                wanted.put(uuids.get(i), expiry + DAY_MS);
            }
            // The same uuid under another customer: refused alone, as add-user would refuse it.
            changes.add(UserBatchItem.add(99_999, uuids.get(20), expiry));

            List<BatchOutcome> outcomes = node.batch(changes);

            assertThat(outcomes.subList(0, 10))
                    .allSatisfy(o ->
                            assertThat(o).isEqualTo(new BatchOutcome.Removed(((BatchOutcome.Removed) o).uuid(), true)));
            assertThat(outcomes.subList(10, 15)).allSatisfy(o -> assertThat(o).isInstanceOf(BatchOutcome.Key.class));
            BatchOutcome.Failed conflict = (BatchOutcome.Failed) outcomes.get(15);
            assertThat(conflict.code()).isEqualTo(ErrorCode.UUID_CONFLICT);
            assertThat(conflict.retryable()).isFalse();
            assertThat(node.digest().count()).isEqualTo(590);
            assertThat(node.digest().sha256()).isEqualTo(digestOf(wanted));
        }
    }
}
