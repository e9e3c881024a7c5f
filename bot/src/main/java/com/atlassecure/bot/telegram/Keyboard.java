package com.atlassecure.bot.telegram;

import java.util.ArrayList;
import java.util.List;

/** An inline keyboard: rows of buttons, each with a label and the callback data it sends back. */
public record Keyboard(List<List<Button>> rows) {
    public static final Keyboard NONE = new Keyboard(List.of());

    /** One inline button; {@code data} is at most 64 bytes, as Telegram requires. */
    public record Button(String text, String data) {
        public Button {
            if (data.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 64) {
                throw new IllegalArgumentException("callback data over 64 bytes: " + data);
            }
        }
    }

    public Keyboard {
        rows = rows.stream().map(List::copyOf).toList();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects rows in order. */
    public static final class Builder {
        private final List<List<Button>> rows = new ArrayList<>();

        public Builder row(Button... buttons) {
            rows.add(List.of(buttons));
            return this;
        }

        public Keyboard build() {
            return new Keyboard(rows);
        }
    }
}
