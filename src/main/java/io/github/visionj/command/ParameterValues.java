package io.github.visionj.command;

import java.io.File;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;

import io.github.visionj.VisionJException;

/**
 * The values of the commands' settings, held to what their declaration ({@link CommandSetting})
 * says: the type, the {@code min} and {@code max} and the {@code choices}. Text from the launcher
 * is parsed strictly; values from a macro or a script are checked when the command runs.
 */
public final class ParameterValues {

	private static final Pattern WHOLE = Pattern.compile("[-+]?\\d+");
	private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

	private ParameterValues() {}

	/**
	 * The text of a launcher option as a value of the setting's type: a whole number, a decimal
	 * number (with a point), {@code true} or {@code false}, a file or text.
	 *
	 * @throws VisionJException naming the option (e.g. {@code --min-size}) and what it accepts, when
	 *           the text is not such a value or is outside the declared range
	 */
	public static Object parse(CommandSetting setting, String text) {
		String name = setting.option();
		Class<?> type = setting.type();
		if (type == boolean.class) {
			if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) return Boolean.parseBoolean(text);
			throw new VisionJException(name + " is " + setting.accepted() + ", not '" + text + "'.");
		}
		if (type == File.class) return new File(text);
		if (type == String.class) return choice(name, setting, text);
		String t = text.trim();
		try {
			if (type == int.class && WHOLE.matcher(t).matches()) return check(name, setting, Integer.parseInt(t));
			if (type == double.class && DECIMAL.matcher(t).matches()) return check(name, setting, Double.parseDouble(t));
		}
		catch (NumberFormatException tooLarge) {
			// a whole number beyond int: reported below as outside the accepted values
		}
		throw new VisionJException(name + " must be " + setting.accepted() + ", not '" + text + "'.");
	}

	/**
	 * Checks every numeric and choice setting of the command against its declaration; a macro or a
	 * script can pass any number, NaN included.
	 *
	 * @throws VisionJException naming the first setting out of range
	 */
	static void check(Command command) {
		for (CommandSetting s : CommandSetting.of(command.getClass())) {
			Object value = s.value(command);
			if (value instanceof Number n && s.type() != boolean.class) check(s.key(), s, n);
			else if (s.type() == String.class) choice(s.key(), s, (String) value);
		}
	}

	private static <N extends Number> N check(String name, CommandSetting s, N value) {
		Parameter p = s.parameter();
		double v = value.doubleValue();
		boolean inRange = Double.isFinite(v) && (p.min().isEmpty() || v >= Double.parseDouble(p.min())) &&
			(p.max().isEmpty() || v <= Double.parseDouble(p.max()));
		if (!inRange) throw new VisionJException(name + " must be " + s.accepted() + ", not " + format(v) + ".");
		return value;
	}

	/** The text itself, when the setting declares no choices or the text is one of them. */
	private static String choice(String name, CommandSetting s, String text) {
		String[] choices = s.parameter().choices();
		if (choices.length == 0 || Arrays.asList(choices).contains(text)) return text;
		throw new VisionJException(name + " must be " + s.accepted() + ", not '" + text + "'.");
	}

	private static String format(double v) {
		return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
	}
}
