package io.github.visionj.command;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.github.visionj.decode.DecoderSettings.Setting;

/**
 * Marks a numeric command parameter that overrides one of the model's decoder settings. Its
 * lowest value (the {@code min} its {@code @Parameter} declares, which is also its default and its
 * label says so: "(0 = model default)") keeps the model's own value.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Overrides {

	Setting value();
}
