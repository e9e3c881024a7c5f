package com.atlassecure.api.users;

import com.atlassecure.api.store.UserRecord;
import com.atlassecure.api.xrayconfig.ClientEntry;
import com.atlassecure.contract.users.UserState;
import com.atlassecure.contract.validation.Uuids;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First start with an existing config (e.g. migrating from the old system): the clients already in config.json
 * become the store's users, so the store never starts out disagreeing with what Xray serves.
 */
public final class ConfigImport {
    private static final Logger log = LoggerFactory.getLogger(ConfigImport.class);
    private static final Pattern TELEGRAM_EMAIL = Pattern.compile("user_([1-9][0-9]{0,15})");

    private ConfigImport() {}

    /** The number of users imported: 0 unless the store is empty and the config has clients. */
    public static int importIfStoreEmpty(UserLedger ledger, List<ClientEntry> clients, long nowMs) {
        if (ledger.view().size() > 0 || clients.isEmpty()) {
            return 0;
        }
        List<UserRecord> rows = new ArrayList<>();
        Set<String> uuids = new HashSet<>();
        Set<String> emails = new HashSet<>();
        int withoutFlow = 0;
        for (ClientEntry c : clients) {
            if (!Uuids.isValid(c.id())) {
                // Never silently: an operator must see which client the API will not manage.
                log.warn("event=import_skipped reason=invalid_uuid email={} id={}", c.email(), Uuids.shortForm(c.id()));
                continue;
            }
            String uuid = Uuids.requireValid(c.id());
            String email = c.email() == null || c.email().isBlank()
                    ? UserCommands.recoveredEmail(uuid)
                    : c.email().strip();
            if (!uuids.add(uuid.toLowerCase(Locale.ROOT)) || !emails.add(email.toLowerCase(Locale.ROOT))) {
                log.warn("event=import_skipped reason=duplicate uuid={} email={}", Uuids.shortForm(uuid), email);
                continue;
            }
            if (!c.hasVisionFlow()) {
                withoutFlow++;
            }
            Matcher m = TELEGRAM_EMAIL.matcher(email);
            Long telegramId = m.matches() ? Long.valueOf(m.group(1)) : null;
            rows.add(new UserRecord(uuid, telegramId, email, c.expiryTime(), UserState.active, nowMs, nowMs));
        }
        int imported = UsersService.await(ledger.importRows(rows));
        log.info(
                "event=config_clients_imported count={} flow_added={} skipped={}",
                imported,
                withoutFlow,
                clients.size() - imported);
        return imported;
    }
}
