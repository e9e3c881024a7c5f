/**
 * Control of the running Xray over its gRPC API (HandlerService, StatsService): one small interface and its gRPC
 * implementation. Every failure surfaces as an {@link com.atlassecure.api.xray.XrayException}; nothing Xray says is
 * swallowed.
 */
package com.atlassecure.api.xray;
