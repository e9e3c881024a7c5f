package com.atlassecure.api.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.Inet6Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralsTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.2", "203.0.113.7", "0.0.0.0", "255.255.255.255"})
    void acceptsDottedQuads(String text) {
        assertThat(IpLiterals.parse(text)).get().isInstanceOf(Inet4Address.class);
        assertThat(IpLiterals.ssOperand(IpLiterals.parse(text).orElseThrow())).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2001:db8::1", "[2001:db8::1]", "::1", "[::1]", "fe80::1:2"})
    void acceptsIpv6WithOrWithoutBracketsAsXrayWritesIt(String text) {
        assertThat(IpLiterals.parse(text)).get().isInstanceOf(Inet6Address.class);
    }

    @Test
    void rendersIpv6InBracketsBecauseSsReadsABareOneAsHostAndPort() {
        assertThat(IpLiterals.ssOperand(IpLiterals.parse("2001:db8::1").orElseThrow()))
                .isEqualTo("[2001:db8:0:0:0:0:0:1]");
    }

    @Test
    void readsAnIpv4MappedAddressAsIpv4SoItAlsoMatchesDualStackSockets() {
        assertThat(IpLiterals.parse("::ffff:198.51.100.4")).get().isInstanceOf(Inet4Address.class);
        assertThat(IpLiterals.ssOperand(IpLiterals.parse("::ffff:198.51.100.4").orElseThrow()))
                .isEqualTo("198.51.100.4");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "localhost",
                "example.com",
                "1.2.3.999",
                "01.2.3.4",
                "127.1",
                "1.2.3",
                "1.2.3.4.5",
                "0x7f.0.0.1",
                "1.2.3.4 ",
                " 1.2.3.4",
                "1.2.3.4; reboot",
                "1.2.3.4\nsport",
                "-K",
                "--kill",
                "1.2.3.4/0",
                "1.2.3.4:443",
                "[1.2.3.4]x",
                "fe80::1%eth0",
                "fe80::1%2",
                ":::",
                "1::2::3",
                "[::1",
                "12345::1"
            })
    void rejectsAnythingThatIsNotAPlainAddressLiteral(String text) {
        assertThat(IpLiterals.parse(text)).isEmpty();
    }

    @Test
    void rejectsNull() {
        assertThat(IpLiterals.parse(null)).isEmpty();
    }

    /** Review I1: InetAddress.getByName parses a literal only when it starts with a hex digit or ':'. */
    @ParameterizedTest
    @ValueSource(strings = {".:1", "[.:1]", "..:", ".1:2:3"})
    void aStringThatJavaWouldLookUpInDnsIsRefusedBeforeReachingIt(String text) {
        assertThat(IpLiterals.javaParsesAsLiteral(text.replace("[", "").replace("]", "")))
                .isFalse();
        assertThat(IpLiterals.parse(text)).isEmpty();
    }

    @Test
    void ssIsTakenFromUsrBinNotFromPath() {
        assertThat(SessionCloseSettings.of(4443, AllowList.empty(), true).ssBinary())
                .isEqualTo("/usr/bin/ss");
    }
}
