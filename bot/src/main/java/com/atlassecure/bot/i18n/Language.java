package com.atlassecure.bot.i18n;

import com.ibm.icu.util.ULocale;
import java.util.Locale;

/** The languages the bot speaks; picked from Telegram's {@code language_code}, English when unknown. */
public enum Language {
    EN("en"),
    RU("ru");

    private final String code;

    Language(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public ULocale locale() {
        return new ULocale(code);
    }

    /**
     * Russian for Russian speakers and for the neighbouring locales whose users usually read Russian better than
     * English; English for everyone else.
     */
    public static Language fromTelegram(String languageCode) {
        if (languageCode == null) {
            return EN;
        }
        String lang = languageCode.toLowerCase(Locale.ROOT);
        if (lang.startsWith("ru") || lang.startsWith("be") || lang.startsWith("kk") || lang.startsWith("uk")) {
            return RU;
        }
        return EN;
    }

    /** The stored code back to a language; anything unknown falls back to English. */
    public static Language fromCode(String code) {
        return "ru".equals(code) ? RU : EN;
    }
}
