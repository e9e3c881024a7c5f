package com.atlassecure.api.it;

import static com.atlassecure.api.support.ApiUnderTest.addUserJson;
import static com.atlassecure.api.support.ApiUnderTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.api.support.ApiUnderTest;
import com.atlassecure.api.xray.XrayUser;
import com.atlassecure.api.xrayconfig.ClientEntry;
import com.atlassecure.api.xrayconfig.XrayConfig;
import com.atlassecure.testkit.xray.ConfigCheck;
import com.atlassecure.testkit.xray.RequiresXray;
import com.atlassecure.testkit.xray.XrayBinary;
import com.atlassecure.testkit.xray.XrayProcess;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** 200 concurrent add-users: all live with flow, all in the store, all in a config that xray accepts. */
@RequiresXray
class ConcurrentAddUsersXrayIT {

    @Test
    void twoHundredConcurrentAddUsersAllEndUpLiveStoredAndInAValidConfig(XrayBinary binary) throws Exception {
        try (ApiUnderTest api = new ApiUnderTest(binary)) {
            List<String> uuids = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                uuids.add(UUID.randomUUID().toString());
            }
            ExecutorService pool = Executors.newFixedThreadPool(64);
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < uuids.size(); i++) {
                String body = addUserJson(6000 + i, uuids.get(i), api.inAMonth());
                answers.add(pool.submit(() -> api.post("/add-user", body)));
            }
            for (Future<HttpResponse<String>> f : answers) {
                HttpResponse<String> r = f.get();
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            }
            pool.shutdown();

            Set<String> live = api.control.listUsers(api.serverConfig.tag()).stream()
                    .filter(u -> u.flow().equals("xtls-rprx-vision"))
                    .map(XrayUser::id)
                    .collect(Collectors.toSet());
            assertThat(live).containsAll(uuids);
            assertThat(storedActiveUuids(api)).containsExactlyInAnyOrderElementsOf(uuids);

            boolean rendered =
                    eventually(Duration.ofSeconds(5), () -> configIds(api).containsAll(uuids));
            assertThat(rendered).isTrue();
            List<ClientEntry> clients = XrayConfig.load(api.xray.configFile())
                    .inbound(api.serverConfig.tag())
                    .clients();
            assertThat(clients).hasSize(200).allMatch(ClientEntry::hasVisionFlow);
            ConfigCheck check = XrayProcess.check(binary, api.xray.readConfig());
            assertThat(check.ok()).as(check.toString()).isTrue();
        }
    }

    private static Set<String> configIds(ApiUnderTest api) {
        return XrayConfig.load(api.xray.configFile()).inbound(api.serverConfig.tag()).clients().stream()
                .map(ClientEntry::id)
                .collect(Collectors.toSet());
    }

    /** Read straight from the SQLite file, as a restart would: committed means on disk. */
    private static Set<String> storedActiveUuids(ApiUnderTest api) throws Exception {
        Set<String> out = new HashSet<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + api.dataDir.resolve("users.db"));
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT uuid FROM users WHERE state = 'active'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
