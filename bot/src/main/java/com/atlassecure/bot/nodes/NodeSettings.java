package com.atlassecure.bot.nodes;

import java.net.URI;

/** What the bot knows of a node besides its credentials: its name, its country and where its API answers. */
public record NodeSettings(String name, String country, URI url) {}
