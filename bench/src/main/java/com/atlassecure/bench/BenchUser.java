package com.atlassecure.bench;

import java.util.UUID;

/** A customer the benchmark provisions: a random v4 UUID and a Telegram id (email {@code user_<telegram_id>}). */
record BenchUser(String uuid, long telegramId) {
    static BenchUser of(long telegramId) {
        return new BenchUser(UUID.randomUUID().toString(), telegramId);
    }

    String email() {
        return "user_" + telegramId;
    }
}
