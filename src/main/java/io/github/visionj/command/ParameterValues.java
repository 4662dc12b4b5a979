package io.github.visionj.command;

import java.io.File;
import java.lang.reflect.Field;
import java.util.Locale;
import java.util.regex.Pattern;

import org.scijava.ItemIO;
import org.scijava.plugin.Parameter;

import io.github.visionj.VisionJException;

/**
 * The values of the commands' settings, held to what their {@code @Parameter} declares: the
 * type, the {@code min} and {@code max} (the one declaration of each range) and the {@code choices}.
 * Text from the
 * launcher is parsed strictly; values from a macro or a script are checked when the command runs.
 */
public final class ParameterValues {

	private static final Pattern WHOLE = Pattern.compile("[-+]?\\d+");
	private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

	private ParameterValues() {}

	/**
	 * The text of an option as a value of the setting's type: a whole number, a decimal number
	 * (with a point), {@code true} or {@code false}, a file or text.
	 *
	 * @param name how the user wrote the setting, for the message (e.g. {@code --min-size})
	 * @throws VisionJException naming the setting and what it accepts, when the text is not such a
	 *           value or is outside the declared range
	 */
	public static Object parse(Field setting, String text, String name) {
		Class<?> type = setting.getType();
		if (type == boolean.class) {
			if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) return Boolean.parseBoolean(text);
			throw new VisionJException(name + " is true or false, not '" + text + "'.");
		}
		if (type == File.class) return new File(text);
		Parameter p = setting.getAnnotation(Parameter.class);
		if (type == String.class) return choice(name, p, text);
		if (type != int.class && type != double.class) return text;
		String t = text.trim();
		try {
			if (type == int.class && WHOLE.matcher(t).matches()) return check(name, p, Integer.parseInt(t), true);
			if (type == double.class && DECIMAL.matcher(t).matches()) return check(name, p, Double.parseDouble(t), false);
		}
		catch (NumberFormatException tooLarge) {
			// a whole number beyond int: reported below as outside the accepted values
		}
		throw new VisionJException(name + " must be " + accepted(p, type == int.class) + ", not '" + text + "'.");
	}

	/**
	 * Checks every numeric setting of the command against its declaration; a macro or a script
	 * can pass any number, NaN included.
	 *
	 * @throws VisionJException naming the first setting out of range
	 */
	static void check(Object command) {
		for (Class<?> c = command.getClass(); c != Object.class; c = c.getSuperclass())
			for (Field f : c.getDeclaredFields()) {
				Parameter p = f.getAnnotation(Parameter.class);
				if (p == null || p.type() != ItemIO.INPUT) continue;
				try {
					f.setAccessible(true);
					if (f.getType() == int.class || f.getType() == double.class)
						check(f.getName(), p, f.getDouble(command), f.getType() == int.class);
					else if (f.getType() == String.class) choice(f.getName(), p, (String) f.get(command));
				}
				catch (IllegalAccessException e) {
					throw new IllegalStateException(e);
				}
			}
	}

	private static <N extends Number> N check(String name, Parameter p, N value, boolean whole) {
		double v = value.doubleValue();
		boolean inRange = Double.isFinite(v) && (p.min().isEmpty() || v >= Double.parseDouble(p.min())) &&
			(p.max().isEmpty() || v <= Double.parseDouble(p.max()));
		if (!inRange) throw new VisionJException(name + " must be " + accepted(p, whole) + ", not " + format(v) + ".");
		return value;
	}

	/** The text itself, when the setting declares no choices or the text is one of them. */
	private static String choice(String name, Parameter p, String text) {
		if (p.choices().length == 0 || java.util.Arrays.asList(p.choices()).contains(text)) return text;
		throw new VisionJException(name + " must be one of " + String.join(", ", p.choices()) + ", not '" + text + "'.");
	}

	/** "a number from 0 to 0.99", "a whole number of at least -1", … */
	private static String accepted(Parameter p, boolean whole) {
		String kind = whole ? "a whole number" : "a number";
		if (!p.min().isEmpty() && !p.max().isEmpty()) return kind + " from " + p.min() + " to " + p.max();
		if (!p.min().isEmpty()) return kind + " of at least " + p.min();
		if (!p.max().isEmpty()) return kind + " of at most " + p.max();
		return kind;
	}

	private static String format(double v) {
		return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
	}
}
