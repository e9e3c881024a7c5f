package com.atlassecure.contract.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The fleet digest both sides compute, pinned to vectors made outside Java (Python's hashlib). */
class ActiveUsersDigestTest {
    static final String A = "0b6a3c1e-9a55-4f0c-8d1e-2f1a6b7c8d9e";
    static final String B = "2b0c8f4e-6d1a-4c3b-9f7e-0a1b2c3d4e5f";

    @Test
    void digestOfTwoUsersMatchesAnIndependentSha256OfTheirLines() {
        // python3: sha256(b"0b6a...8d9e:1803895200000\n2b0c...4e5f:1767225600000\n").hexdigest()
        UserDigest d = new ActiveUsersDigest()
                .add(A, 1803895200000L)
                .add(B, 1767225600000L)
                .finish();

        assertThat(d.count()).isEqualTo(2);
        assertThat(d.sha256()).isEqualTo("83e8f27e002cacf37776ea76e70df764831fce1a722a03d9a3363baeaefafc36");
    }

    @Test
    void digestOfNobodyIsTheHashOfNoBytes() {
        assertThat(new ActiveUsersDigest().finish())
                .isEqualTo(new UserDigest(0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    }

    @Test
    void upperCaseUuidsHashAsTheirLowerCaseForm() {
        UserDigest upper = new ActiveUsersDigest().add(A.toUpperCase(), 5).finish();
        UserDigest lower = new ActiveUsersDigest().add(A, 5).finish();

        assertThat(upper).isEqualTo(lower);
    }

    @Test
    void anExpiryChangeChangesTheDigest() {
        assertThat(new ActiveUsersDigest().add(A, 5).finish())
                .isNotEqualTo(new ActiveUsersDigest().add(A, 6).finish());
    }

    @Test
    void pairsOutOfOrderOrRepeatedAreRefusedNamingOnlyShortUuids() {
        assertThatThrownBy(() -> new ActiveUsersDigest().add(B, 1).add(A, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("out of order")
                .hasMessageNotContaining(A);
        assertThatThrownBy(() -> new ActiveUsersDigest().add(A, 1).add(A, 2))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
