/** {@code /health}: Xray reachability, client counts and the config checks, 503 when any check fails. */
package com.atlassecure.api.health;
