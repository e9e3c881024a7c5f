/**
 * Settings rules both processes read: the one duration syntax, and the bot's rules for its own env, which the API's
 * {@code doctor} reads here instead of restating them (the API cannot depend on the bot). Plain Java, no dependency.
 */
package com.atlassecure.contract.settings;
