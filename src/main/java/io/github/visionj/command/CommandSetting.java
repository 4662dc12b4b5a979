package io.github.visionj.command;

import java.io.File;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;

import io.github.visionj.decode.DecoderSettings.Setting;

/**
 * A setting a user gives a command: a {@code @Parameter} input field of a type a macro, a script
 * and the launcher can give (text, file, switch, whole or decimal number); not the image, not the
 * services SciJava fills in. The field is the setting's one declaration: its name is the macro key
 * (and, as {@code --tile-size}, the launcher option), its annotation the label, description, range
 * and choices, its initial value the default, and {@link Overrides} the decoder setting it
 * overrides. The dialog, the validation ({@link ParameterValues}), the launcher's options and help
 * read it from here; a test holds docs/usage.md to it.
 */
public record CommandSetting(Field field, Parameter parameter) {

	/** The settings of a command, those of its superclasses first, each class's in declaration order. */
	public static List<CommandSetting> of(Class<? extends Command> command) {
		List<Class<?>> classes = new ArrayList<>();
		for (Class<?> c = command; c != Object.class; c = c.getSuperclass())
			classes.add(0, c);
		List<CommandSetting> settings = new ArrayList<>();
		for (Class<?> c : classes)
			for (Field f : c.getDeclaredFields()) {
				Parameter p = f.getAnnotation(Parameter.class);
				if (p != null && p.type() == ItemIO.INPUT && isSettingType(f.getType())) {
					f.setAccessible(true);
					settings.add(new CommandSetting(f, p));
				}
			}
		return settings;
	}

	private static boolean isSettingType(Class<?> type) {
		return type == String.class || type == File.class || type == boolean.class || type == int.class || type == double.class;
	}

	/** The macro key, e.g. {@code tile_size}. */
	public String key() {
		return field.getName();
	}

	/** The launcher's option, e.g. {@code --tile-size}. */
	public String option() {
		return "--" + key().replace('_', '-');
	}

	public Class<?> type() {
		return field.getType();
	}

	/** The decoder setting this one overrides, or null. */
	public Setting overrides() {
		Overrides o = field.getAnnotation(Overrides.class);
		return o == null ? null : o.value();
	}

	/** The setting's value in {@code command}. */
	public Object value(Object command) {
		try {
			return field.get(command);
		}
		catch (IllegalAccessException e) {
			throw new IllegalStateException(e);
		}
	}

	/** The value a new command starts with: what a macro or launcher run that leaves the setting out gets. */
	public Object defaultValue(Class<? extends Command> command) {
		try {
			return value(command.getDeclaredConstructor().newInstance());
		}
		catch (ReflectiveOperationException e) {
			throw new IllegalStateException(e);
		}
	}

	/**
	 * The value of an {@link Overrides} setting in {@code command} when the user changed it, or NaN
	 * when it is at its lowest value, which keeps the model's own.
	 */
	public double override(Object command) {
		double v = ((Number) value(command)).doubleValue();
		return v == Double.parseDouble(parameter.min()) ? Double.NaN : v;
	}

	/** What the setting accepts, in words: "a number from 0 to 0.99", "true or false", "one of auto, onnx", …. */
	public String accepted() {
		if (type() == boolean.class) return "true or false";
		if (parameter.choices().length > 0) return "one of " + String.join(", ", parameter.choices());
		if (type() != int.class && type() != double.class) return type() == File.class ? "a path" : "text";
		String kind = type() == int.class ? "a whole number" : "a number";
		String min = parameter.min(), max = parameter.max();
		if (!min.isEmpty() && !max.isEmpty()) return kind + " from " + min + " to " + max;
		if (!min.isEmpty()) return kind + " of at least " + min;
		if (!max.isEmpty()) return kind + " of at most " + max;
		return kind;
	}

	/** The value the launcher's help shows after the option: {@code <n>}, {@code <folder>}, {@code <auto|onnx>}, …. */
	public String placeholder() {
		if (type() == boolean.class) return "";
		if (parameter.choices().length > 0) return "<" + String.join("|", parameter.choices()) + ">";
		if (type() == int.class) return "<n>";
		if (type() == double.class) return "<x>";
		if (type() == File.class) return switch (parameter.style().toLowerCase(Locale.ROOT)) {
			case "directory" -> "<folder>";
			case "both" -> "<file|folder>";
			default -> "<file>";
		};
		return "<text>";
	}
}
