/**
 * {@code atlas-api doctor}: the production audit as a command. Each check group ({@link ConfigChecks},
 * {@link ApiEnvChecks}, {@link BotEnvChecks}, {@link LinkChecks}, {@link LiveApiChecks}, {@link XrayTestCheck}) turns
 * one input into {@link CheckResult}s; {@link Scorer} weighs them as the audit's section 12 did. Only
 * {@link DoctorCommand} is public: the lead registers it under the API's picocli root.
 */
package com.atlassecure.api.doctor;
