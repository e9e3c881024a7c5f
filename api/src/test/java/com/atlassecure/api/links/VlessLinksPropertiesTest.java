package com.atlassecure.api.links;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class VlessLinksPropertiesTest {

    @Property(tries = 500)
    void parseOfBuildReturnsEveryInput(@ForAll("params") LinkParameters p, @ForAll("uuids") String uuid) {
        VlessLink link = VlessLinks.parse(VlessLinks.build(p, uuid));
        assertThat(link.uuid()).isEqualTo(uuid);
        assertThat(link.host()).isEqualTo(p.host());
        assertThat(link.port()).isEqualTo(p.port());
        assertThat(link.param("sni")).isEqualTo(p.sni());
        assertThat(link.param("pbk")).isEqualTo(p.publicKey());
        assertThat(link.param("sid")).isEqualTo(p.shortId());
        assertThat(link.param("fp")).isEqualTo(p.fingerprint());
        assertThat(link.param("flow")).isEqualTo("xtls-rprx-vision");
        assertThat(link.param("security")).isEqualTo("reality");
        assertThat(link.param("encryption")).isEqualTo("none");
        assertThat(link.param("type")).isEqualTo("tcp");
        assertThat(link.remark()).isEqualTo(p.remark());
    }

    @Provide
    Arbitrary<String> uuids() {
        return Arbitraries.create(() -> java.util.UUID.randomUUID().toString());
    }

    @Provide
    Arbitrary<LinkParameters> params() {
        Arbitrary<String> label = Arbitraries.strings()
                .withCharRange('a', 'z')
                .numeric()
                .ofMinLength(1)
                .ofMaxLength(12);
        Arbitrary<String> host = Arbitraries.oneOf(
                label.list().ofMinSize(1).ofMaxSize(4).map(parts -> String.join(".", parts)),
                Arbitraries.of("2001:db8::1", "::1", "192.0.2.7"));
        Arbitrary<String> anyText = Arbitraries.strings()
                .all()
                .ofMinLength(1)
                .ofMaxLength(30)
                .filter(s -> s.codePoints().noneMatch(c -> Character.getType(c) == Character.SURROGATE));
        Arbitrary<String> shortId = Arbitraries.strings()
                .withChars("0123456789abcdef")
                .ofMaxLength(16)
                .filter(s -> s.length() % 2 == 0);
        return Combinators.combine(
                        host, Arbitraries.integers().between(1, 65535), anyText, anyText, shortId, anyText, anyText)
                .as(LinkParameters::new);
    }
}
