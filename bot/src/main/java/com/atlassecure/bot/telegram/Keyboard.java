package com.atlassecure.bot.telegram;

import java.util.ArrayList;
import java.util.List;

/** An inline keyboard: rows of buttons, each with a label and the callback data it sends back. */
public record Keyboard(List<List<Button>> rows) {
    public static final Keyboard NONE = new Keyboard(List.of());

    /**
     * One inline button: either callback {@code data} (at most 64 bytes, as Telegram requires) or a {@code url} to
     * open (an invoice link, or with {@code webApp} a page opened as a Telegram Mini App), never both.
     */
    public record Button(String text, String data, String url, boolean webApp) {
        public Button(String text, String data) {
            this(text, data, null, false);
        }

        public Button(String text, String data, String url) {
            this(text, data, url, false);
        }

        public Button {
            if ((data == null) == (url == null)) {
                throw new IllegalArgumentException("a button has callback data or a url, not both or neither: " + text);
            }
            if (data != null && data.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 64) {
                throw new IllegalArgumentException("callback data over 64 bytes: " + data);
            }
            if (webApp && !url.startsWith("https://")) {
                throw new IllegalArgumentException("Telegram opens only https pages as a Mini App: " + text);
            }
        }

        /** A button that opens {@code url}. */
        public static Button link(String text, String url) {
            return new Button(text, null, url, false);
        }

        /** A button that opens the https page {@code url} inside Telegram as a Mini App. */
        public static Button miniApp(String text, String url) {
            return new Button(text, null, url, true);
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
