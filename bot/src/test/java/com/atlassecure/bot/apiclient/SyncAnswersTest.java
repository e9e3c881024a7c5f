package com.atlassecure.bot.apiclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atlassecure.contract.errors.ErrorCode;
import com.atlassecure.contract.users.UserBatchItem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A garbled sync answer is refused whole: a repair acting on it could remove paying customers. */
class SyncAnswersTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String A = "0b6a3c1e-9a55-4f0c-8d1e-2f1a6b7c8d9e";
    static final String B = "2b0c8f4e-6d1a-4c3b-9f7e-0a1b2c3d4e5f";
    static final String LINK_A = ResponseValidator.LINK_SCHEME + "://" + A + "@node.example:4443?flow=x#N";

    static JsonNode json(String s) throws Exception {
        return JSON.readTree(s.replace('\'', '"'));
    }

    static String entry(String uuid) {
        return "{'uuid':'" + uuid + "','expiry_timestamp_ms':5,'state':'active'}";
    }

    @Test
    void aWellFormedPageIsReadInOrder() throws Exception {
        var page = SyncAnswers.page(
                json("{'users':[" + entry(A) + "," + entry(B) + "],'next_after':'" + B + "'}"), null, 2);

        assertThat(page.users()).extracting(u -> u.uuid()).containsExactly(A, B);
        assertThat(page.nextAfter()).isEqualTo(B);
    }

    @Test
    void aPageOutOfOrderOrNotAfterTheCursorIsRefused() throws Exception {
        assertThatThrownBy(() -> SyncAnswers.page(
                        json("{'users':[" + entry(B) + "," + entry(A) + "],'next_after':null}"), null, 5))
                .isInstanceOf(InvalidResponseError.class)
                .hasMessageContaining("out of order");
        assertThatThrownBy(() -> SyncAnswers.page(json("{'users':[" + entry(A) + "],'next_after':null}"), B, 5))
                .isInstanceOf(InvalidResponseError.class);
    }

    @Test
    void aPageWhoseCursorDoesNotMatchItsFullnessIsRefused() throws Exception {
        assertThatThrownBy(() -> SyncAnswers.page(json("{'users':[" + entry(A) + "],'next_after':null}"), null, 1))
                .isInstanceOf(InvalidResponseError.class)
                .hasMessageContaining("next_after");
        assertThatThrownBy(
                        () -> SyncAnswers.page(json("{'users':[" + entry(A) + "],'next_after':'" + A + "'}"), null, 2))
                .isInstanceOf(InvalidResponseError.class);
        assertThatThrownBy(() -> SyncAnswers.page(
                        json("{'users':[{'uuid':'" + A
                                + "','expiry_timestamp_ms':5,'state':'lost'}],'next_after':null}"),
                        null,
                        2))
                .isInstanceOf(InvalidResponseError.class)
                .hasMessageContaining("state");
    }

    @Test
    void aDigestMustBeACountAndSixtyFourHexDigits() throws Exception {
        assertThat(SyncAnswers.digest(json("{'count':3,'sha256':'" + "ab".repeat(32) + "'}"))
                        .count())
                .isEqualTo(3);
        assertThatThrownBy(() -> SyncAnswers.digest(json("{'count':3,'sha256':'xyz'}")))
                .isInstanceOf(InvalidResponseError.class);
        assertThatThrownBy(() -> SyncAnswers.digest(json("{'count':-1,'sha256':'" + "ab".repeat(32) + "'}")))
                .isInstanceOf(InvalidResponseError.class);
    }

    @Test
    void aBatchAnswerIsReadPerItemAndRefusedWhenItsShapeIsWrong() throws Exception {
        List<UserBatchItem> items =
                List.of(UserBatchItem.add(7, A, 5), UserBatchItem.remove(B), UserBatchItem.update(B, 9));
        JsonNode answer =
                json("{'results':[{'uuid':'" + A + "','status':200,'expiry_timestamp_ms':5,'vless_link':'" + LINK_A
                        + "'},{'uuid':'" + B + "','status':200,'removed':false},{'uuid':'" + B
                        + "','status':503,'error':{'code':'xray_unavailable','message':'later'}}]}");

        List<BatchOutcome> outcomes = SyncAnswers.batch(items, answer);

        assertThat(((BatchOutcome.Key) outcomes.get(0)).key().vlessLink()).isEqualTo(LINK_A);
        assertThat(outcomes.get(1)).isEqualTo(new BatchOutcome.Removed(B, false));
        BatchOutcome.Failed failed = (BatchOutcome.Failed) outcomes.get(2);
        assertThat(failed.code()).isEqualTo(ErrorCode.XRAY_UNAVAILABLE);
        assertThat(failed.retryable()).isTrue();

        assertThatThrownBy(() -> SyncAnswers.batch(items.subList(0, 2), answer))
                .isInstanceOf(InvalidResponseError.class)
                .hasMessageContaining("expected 2 results");
        JsonNode linkForAnotherUser = json("{'results':[{'uuid':'" + B
                + "','status':200,'expiry_timestamp_ms':5,'vless_link':'" + LINK_A + "'}]}");
        assertThatThrownBy(() -> SyncAnswers.batch(List.of(UserBatchItem.add(7, B, 5)), linkForAnotherUser))
                .isInstanceOf(InvalidResponseError.class);
    }
}
