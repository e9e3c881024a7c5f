package com.atlassecure.api.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AllowListTest {

    private static InetAddress ip(String text) {
        return IpLiterals.parse(text).orElseThrow();
    }

    @Test
    void blankMeansNobodyIsProtected() {
        assertThat(AllowList.parse(null).isEmpty()).isTrue();
        assertThat(AllowList.parse("  ").contains(ip("203.0.113.7"))).isFalse();
    }

    @Test
    void containsListedAddressesAndRanges() {
        AllowList list = AllowList.parse(" 203.0.113.7 , 198.51.100.0/24,2001:db8::/48 ");
        assertThat(list.contains(ip("203.0.113.7"))).isTrue();
        assertThat(list.contains(ip("203.0.113.8"))).isFalse();
        assertThat(list.contains(ip("198.51.100.255"))).isTrue();
        assertThat(list.contains(ip("198.51.101.0"))).isFalse();
        assertThat(list.contains(ip("2001:db8:0:ffff::1"))).isTrue();
        assertThat(list.contains(ip("2001:db9::1"))).isFalse();
    }

    @Test
    void anIpv4EntryCoversTheIpv4MappedFormXrayMayReport() {
        assertThat(AllowList.parse("10.1.2.3").contains(ip("::ffff:10.1.2.3"))).isTrue();
    }

    @Test
    void prefixLengthsThatAreNotByteAlignedMaskTheRightBits() {
        AllowList list = AllowList.parse("10.0.0.0/12");
        assertThat(list.contains(ip("10.15.255.255"))).isTrue();
        assertThat(list.contains(ip("10.16.0.0"))).isFalse();
    }

    @Test
    void rejectsEntriesThatAreNotAddressesNamingTheSettingAndTheEntry() {
        assertThatThrownBy(() -> AllowList.parse("203.0.113.7,admin.example.com"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SESSION_CLOSE_ALLOWLIST")
                .hasMessageContaining("admin.example.com");
        assertThatThrownBy(() -> AllowList.parse("10.0.0.0/33")).hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> AllowList.parse("10.0.0.0/x")).hasMessageContaining("10.0.0.0/x");
    }
}
