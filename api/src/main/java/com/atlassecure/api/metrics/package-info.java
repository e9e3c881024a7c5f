/** Prometheus metrics of the API ({@code /metrics}), and the decorator that counts failed Xray calls. */
package com.atlassecure.api.metrics;
