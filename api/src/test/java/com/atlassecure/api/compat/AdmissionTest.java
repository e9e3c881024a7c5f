package com.atlassecure.api.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdmissionTest {
    private static final Optional<CoreVersion> STABLE = Optional.of(CoreVersion.parse("26.3.27"));
    private static final Optional<CoreVersion> NEXT = Optional.of(CoreVersion.parse("26.7.28"));
    private static final Optional<CoreVersion> ML_KEM = Optional.of(CoreVersion.parse("26.9.8"));

    @Test
    void stableServerWithoutMinClientVerAdmitsEveryCore() {
        for (ClientProfile profile : ClientProfile.ALL) {
            assertThat(Admission.predict(STABLE, null, null, profile).admitted())
                    .as(profile.core().id())
                    .isTrue();
        }
    }

    @Test
    void serverFrom26711WithoutMinClientVerRefusesSingBoxAndMihomoButNotXray() {
        assertThat(Admission.predict(NEXT, null, null, ClientProfile.XRAY).admitted())
                .isTrue();
        assertThat(Admission.predict(NEXT, "", null, ClientProfile.SING_BOX))
                .satisfies(v -> assertThat(v.admitted()).isFalse())
                .satisfies(v -> assertThat(v.reason()).contains("26.3.27").contains("Xray's default"));
        assertThat(Admission.predict(NEXT, null, null, ClientProfile.MIHOMO).admitted())
                .isFalse();
    }

    @Test
    void writtenMinClientVerOf181AdmitsSingBoxOnTheNextServer() {
        assertThat(Admission.predict(NEXT, "1.8.1", null, ClientProfile.SING_BOX)
                        .admitted())
                .isTrue();
        assertThat(Admission.predict(NEXT, "1.8.2", null, ClientProfile.SING_BOX)
                        .admitted())
                .isFalse();
        assertThat(Admission.predict(NEXT, "1.8.1", null, ClientProfile.MIHOMO).admitted())
                .isTrue();
    }

    @Test
    void writtenMinimumAppliesOnTheStableServerToo() {
        assertThat(Admission.predict(STABLE, "26.3.27", null, ClientProfile.SING_BOX)
                        .admitted())
                .isFalse();
        assertThat(Admission.predict(STABLE, "26.3.27", null, ClientProfile.XRAY)
                        .admitted())
                .isTrue();
    }

    @Test
    void olderXrayClientIsRefusedByTheImplicitMinimum() {
        ClientProfile old = ClientProfile.XRAY.reporting(CoreVersion.parse("25.10.15"));
        assertThat(Admission.predict(NEXT, null, null, old).admitted()).isFalse();
        assertThat(Admission.predict(NEXT, "1.8.1", null, old).admitted()).isTrue();
    }

    @Test
    void mlKemGateRefusesCoresWithoutTheKeyShareWhateverMinClientVerSays() {
        Admission.Verdict verdict = Admission.predict(ML_KEM, "1.8.0", null, ClientProfile.SING_BOX);
        assertThat(verdict.admitted()).isFalse();
        assertThat(verdict.reason()).contains("X25519MLKEM768").contains("minClientVer cannot lift this");
        assertThat(Admission.predict(ML_KEM, null, null, ClientProfile.XRAY).admitted())
                .isTrue();
    }

    @Test
    void unknownServerVersionAssumesTheImplicitMinimum() {
        assertThat(Admission.effectiveMinimum(Optional.empty(), null)).contains(Admission.IMPLICIT_MINIMUM);
        assertThat(Admission.effectiveMinimum(Optional.empty(), "1.8.1")).contains(CoreVersion.parse("1.8.1"));
        assertThat(Admission.effectiveMinimum(STABLE, null)).isEmpty();
        assertThat(Admission.effectiveMinimum(ML_KEM, null)).isEmpty();
    }

    @Test
    void maxClientVerRefusesNewerCores() {
        assertThat(Admission.predict(STABLE, null, "25.0.0", ClientProfile.XRAY).admitted())
                .isFalse();
        assertThat(Admission.predict(STABLE, null, "25.0.0", ClientProfile.SING_BOX)
                        .admitted())
                .isTrue();
    }

    @Test
    void versionsParseAsRealityComparesThem() {
        assertThat(CoreVersion.parse("26.7")).isEqualTo(new CoreVersion(26, 7, 0));
        assertThat(CoreVersion.parse("1.8.1")).isLessThan(CoreVersion.parse("1.8.2"));
        assertThat(CoreVersion.parse("26.3.27")).isGreaterThan(CoreVersion.parse("1.8.2"));
        assertThat(CoreVersion.ofXrayVersionLine("Xray 26.7.28 (Xray, Penetrates Everything.) Custom (go1.26.8)"))
                .contains(new CoreVersion(26, 7, 28));
        assertThat(CoreVersion.ofXrayVersionLine("unknown (xray not runnable)")).isEmpty();
        assertThatThrownBy(() -> CoreVersion.parse("1.256.0")).hasMessageContaining("256");
        assertThatThrownBy(() -> CoreVersion.parse("1.8.1.4")).hasMessageContaining("1.8.1.4");
        assertThatThrownBy(() -> CoreVersion.parse("v1.8")).hasMessageContaining("v1.8");
    }
}
