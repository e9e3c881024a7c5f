/**
 * The wire contract between the bot and the API (v1): request and response records, validation, stable error
 * codes and request signing. It deliberately holds no link building: only the API builds a link.
 */
package com.atlassecure.contract;
