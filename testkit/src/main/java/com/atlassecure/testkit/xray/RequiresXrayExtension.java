package com.atlassecure.testkit.xray;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** The extension behind {@link RequiresXray}: aborts (skips) or, under CI=true, fails when xray is missing. */
public final class RequiresXrayExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    @Override
    public void beforeAll(ExtensionContext context) {
        binaryOrAbort(System.getenv());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        binaryOrAbort(System.getenv());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == XrayBinary.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return binaryOrAbort(System.getenv());
    }

    static XrayBinary binaryOrAbort(Map<String, String> env) {
        Optional<XrayBinary> binary = XrayBinary.locate(env);
        if (binary.isPresent()) {
            return binary.get();
        }
        String reason = XrayBinary.MISSING_REASON + XrayBinary.describeEnv(env);
        if ("true".equalsIgnoreCase(env.getOrDefault("CI", ""))) {
            // CI promised a real xray; a silent skip there would hide that nothing was verified.
            throw new IllegalStateException("CI=true but " + reason);
        }
        return Assumptions.abort(reason);
    }
}
