package com.atlassecure.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.contract.signing.ApiKeys;
import com.atlassecure.contract.signing.RequestSigning;
import com.atlassecure.contract.signing.ResponseSigning;
import com.atlassecure.contract.signing.SignedRequest;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.security.MessageDigest;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The API key and the request signature are compared in constant time (design principle 9, audit medium issue 2):
 * the comparisons go through {@link MessageDigest#isEqual}, and the request guard never compares strings with
 * {@code equals}, whose early exit leaks how many leading characters matched.
 */
class KeyComparisonArchTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .importClasses(
                    ApiKeys.class,
                    RequestSigning.class,
                    SignedRequest.class,
                    ResponseSigning.class,
                    RequestGuard.class);

    private static Set<String> calls(Class<?> owner, String method) {
        return CLASSES.get(owner).getMethods().stream()
                .filter(m -> m.getName().equals(method))
                .flatMap(m -> m.getMethodCallsFromSelf().stream())
                .map(c -> c.getTargetOwner().getName() + "." + c.getName())
                .collect(Collectors.toSet());
    }

    @Test
    void apiKeyComparisonUsesMessageDigestIsEqual() {
        assertThat(calls(ApiKeys.class, "constantTimeEquals")).contains("java.security.MessageDigest.isEqual");
    }

    @Test
    void signatureComparisonUsesMessageDigestIsEqual() {
        assertThat(calls(RequestSigning.class, "matches")).contains("java.security.MessageDigest.isEqual");
    }

    @Test
    void theSignedFormAndTheResponseSignatureCompareInConstantTimeToo() {
        assertThat(calls(RequestSigning.class, "sameHex")).contains("java.security.MessageDigest.isEqual");
        assertThat(calls(SignedRequest.class, "matches")).contains(RequestSigning.class.getName() + ".sameHex");
        assertThat(calls(ResponseSigning.class, "matches")).contains(RequestSigning.class.getName() + ".sameHex");
    }

    @Test
    void theRequestGuardChecksTheKeyThroughApiKeysAndNeverWithStringEquals() {
        JavaClass guard = CLASSES.get(RequestGuard.class);
        Set<String> targets = guard.getMethodCallsFromSelf().stream()
                .map(JavaMethodCall::getTarget)
                .map(t -> t.getOwner().getName() + "." + t.getName())
                .collect(Collectors.toSet());
        assertThat(targets).contains(ApiKeys.class.getName() + ".constantTimeEquals");
        assertThat(targets)
                .doesNotContain(
                        "java.lang.String.equals",
                        "java.lang.String.equalsIgnoreCase",
                        "java.lang.String.contentEquals",
                        "java.util.Objects.equals",
                        "java.util.Arrays.equals");
    }
}
