/**
 * The HTTP face of the API: routes in one place, auth (API key, request signing, replay cache), body limit, per-IP
 * rate limit, strict JSON and the one error shape.
 */
package com.atlassecure.api.http;
