package io.github.visionj;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Fields of the CSV files VisionJ writes, per RFC 4180, and safe to open in a spreadsheet: text
 * that a spreadsheet would run as a formula gets a leading {@code '}.
 */
public final class Csv {

	private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

	private Csv() {}

	/** One line: the fields, each made safe, separated by commas, ended by a newline. */
	public static String line(List<String> fields) {
		return String.join(",", fields.stream().map(Csv::field).toList()) + "\n";
	}

	/**
	 * A field quoted when it holds a comma, a quote or a line break (quotes doubled). Text starting
	 * with {@code = + - @} or a tab is prefixed with {@code '}, as spreadsheets would evaluate it;
	 * numbers such as {@code -0.5} are left as they are.
	 */
	public static String field(String text) {
		if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 && !NUMBER.matcher(text).matches()) text = "'" + text;
		if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r"))
			return "\"" + text.replace("\"", "\"\"") + "\"";
		return text;
	}
}
