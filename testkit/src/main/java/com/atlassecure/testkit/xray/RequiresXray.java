package com.atlassecure.testkit.xray;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks tests that need the real xray binary: skipped with the reason when it is missing, failed when CI=true.
 * Test methods and constructors may take an {@link XrayBinary} parameter.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresXrayExtension.class)
public @interface RequiresXray {}
