package io.github.visionj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

import io.github.visionj.command.CommandSetting;
import io.github.visionj.command.ModelCommand;
import io.github.visionj.decode.DecoderSettings.Setting;
import io.github.visionj.decode.Decoders;
import io.github.visionj.model.BundledModels;

/**
 * The manual (docs/usage.md) and the launcher's help are held to the one declaration of each
 * setting: the commands' {@code @Parameter} fields ({@link CommandSetting}) and the decoder's
 * {@link Setting}. A setting a command gains fails here until the manual's table lists it.
 */
class UsageDocsTest {

	private static final Pattern CODE = Pattern.compile("`([^`]+)`");

	private static String usage() throws IOException {
		return Files.readString(Path.of("docs/usage.md"));
	}

	/** The text from the heading to the next heading of the same level. */
	private static String section(String doc, String heading) {
		int start = doc.indexOf("\n" + heading + "\n");
		assertTrue(start >= 0, heading + " is in docs/usage.md");
		int end = doc.indexOf("\n" + heading.substring(0, heading.indexOf(' ') + 1), start + heading.length() + 1);
		return doc.substring(start, end < 0 ? doc.length() : end);
	}

	/** The rows of the section's first table whose first cell is code, as their cells. */
	private static List<String[]> rows(String section) {
		List<String[]> rows = new ArrayList<>();
		boolean inTable = false;
		for (String line : section.split("\n")) {
			if (line.startsWith("| `")) {
				inTable = true;
				rows.add(Arrays.stream(line.substring(1, line.length() - 1).split("\\|")).map(String::trim).toArray(String[]::new));
			}
			else if (inTable && !line.startsWith("|")) break;
		}
		return rows;
	}

	private static String title(Class<? extends Command> command) {
		String menu = command.getAnnotation(Plugin.class).menuPath();
		return menu.substring(menu.lastIndexOf('>') + 1);
	}

	private static String code(String cell) {
		Matcher m = CODE.matcher(cell);
		return m.find() ? m.group(1) : cell;
	}

	/** A default as the tables show it: code or a number; "none", "—" or "empty" for no value. */
	private static void assertDefault(String where, Object value, String cell) {
		String shown = value instanceof Double d && d == Math.rint(d) ? Long.toString(d.longValue()) : String.valueOf(value);
		if (value == null || shown.isEmpty()) assertTrue(Set.of("none", "—", "empty").contains(cell), where + ": " + cell);
		else assertEquals(shown, code(cell), where);
	}

	@Test
	void everyCommandTableListsItsSettingsInOrderWithTheirLabelsAndDefaults() throws IOException {
		String doc = usage();
		for (Class<? extends Command> command : Main.TASKS.values()) {
			boolean model = ModelCommand.class.isAssignableFrom(command);
			List<CommandSetting> own = CommandSetting.of(command).stream()
				.filter(s -> !model || s.field().getDeclaringClass() == command).toList();
			List<String[]> rows = rows(section(doc, "## " + title(command)));
			assertEquals(own.stream().map(CommandSetting::key).toList(), rows.stream().map(r -> code(r[0])).toList(),
				title(command) + ": the keys of its table");
			for (int i = 0; i < own.size(); i++) {
				assertEquals(own.get(i).parameter().label(), rows.get(i)[1], title(command) + " " + own.get(i).key());
				assertDefault(title(command) + " " + own.get(i).key(), own.get(i).defaultValue(command), rows.get(i)[2]);
			}
		}
	}

	@Test
	void theSharedTableListsTheModelCommandsSettingsAndTheCommandsTableTheirModels() throws IOException {
		String doc = usage();
		List<CommandSetting> shared = CommandSetting.of(ModelCommand.class);
		List<String[]> rows = rows(section(doc, "## Parameters shared by the four model commands"));
		assertEquals(shared.stream().map(CommandSetting::key).toList(), rows.stream().map(r -> code(r[0])).toList());
		for (int i = 0; i < shared.size(); i++) {
			CommandSetting s = shared.get(i);
			assertEquals(s.parameter().label(), rows.get(i)[1], s.key());
			if (s.key().equals("model")) assertEquals("per command (table above)", rows.get(i)[2]);
			else for (Class<? extends Command> command : Main.TASKS.values())
				if (ModelCommand.class.isAssignableFrom(command)) assertDefault(s.key(), s.defaultValue(command), rows.get(i)[2]);
		}
		Map<String, String> models = new LinkedHashMap<>();
		for (String line : doc.substring(0, doc.indexOf("\n## ")).split("\n"))
			if (line.startsWith("| [")) {
				String[] cells = line.split("\\|");
				models.put(cells[1].trim().replaceAll("\\[(.*)\\].*", "$1"), cells[3].trim());
			}
		for (Class<? extends Command> command : Main.TASKS.values()) {
			String expected = CommandSetting.of(command).stream().filter(s -> s.key().equals("model")).findFirst()
				.map(s -> "`" + s.defaultValue(command) + "`").orElse("—");
			assertEquals(expected, models.get(title(command)), title(command) + "'s default model");
		}
	}

	@Test
	void theDecoderSettingsTableFollowsTheirDeclarationAndTheDecoders() throws IOException {
		String models = section(usage(), "## Models");
		String table = models.substring(models.indexOf("\n", models.indexOf("|--", models.indexOf("| `thresholds` key |"))) + 1);
		List<String[]> rows = table.lines().takeWhile(l -> l.startsWith("|")).map(l -> l.substring(1).split("\\|")).toList();
		List<String> keys = new ArrayList<>();
		for (String[] row : rows) {
			String key = code(row[1].trim());
			Setting setting = Arrays.stream(Setting.values()).filter(s -> s.key().equals(key)).findFirst().orElseThrow(
				() -> new AssertionError(key + " is not a threshold key"));
			keys.add(key);
			assertTrue(row[0].trim().startsWith(setting.label()), row[0]);
			assertEquals(setting.isSwitch() ? "false" : format(setting.builtIn()), row[2].trim(), setting.key());
			Set<String> parameters = new TreeSet<>();
			for (Class<? extends Command> command : Main.TASKS.values())
				for (CommandSetting s : CommandSetting.of(command))
					if (s.overrides() == setting) parameters.add(s.key());
			assertEquals(parameters, codes(row[0]), setting.key() + ": the parameters that override it");
			Set<String> readers = new TreeSet<>();
			for (String decoder : Decoders.keys())
				if (Decoders.byKey(decoder).settingsRead().contains(setting)) readers.add(decoder);
			assertEquals(readers, codes(row[3]), setting.key() + ": the decoders that read it");
		}
		assertEquals(EnumSet.allOf(Setting.class).stream().map(Setting::key).toList(), keys);
	}

	@Test
	void theModelFormatsExampleGivesEveryThresholdAtItsBuiltInDefault() throws IOException {
		String format = Files.readString(Path.of("docs/model-format.md"));
		String block = format.substring(format.indexOf("    thresholds:"), format.indexOf("```", format.indexOf("    thresholds:")));
		List<String> lines = block.lines().skip(1).map(String::trim).filter(l -> !l.isEmpty()).toList();
		assertEquals(EnumSet.allOf(Setting.class).stream().map(s -> s.key() + ": " + (s.isSwitch() ? "false" : format(s.builtIn())))
			.toList(), lines);
	}

	@Test
	void theBundledModelsAreNamedAsTheIndexListsThem() throws IOException {
		String models = section(usage(), "## Models");
		String list = models.substring(models.indexOf("bundled with VisionJ ("), models.indexOf(';', models.indexOf("bundled with VisionJ (")));
		assertEquals(BundledModels.ids(), new ArrayList<>(codes(list)));
		assertTrue(Main.usage().contains("bundled models: " + String.join(", ", BundledModels.ids()) + "\n"));
	}

	/** The README's table of bundled models: each of them once, with the commands it is the default of. */
	@Test
	void theReadmeListsEveryBundledModelWithTheCommandsItIsTheDefaultOf() throws IOException {
		String readme = section(Files.readString(Path.of("README.md")), "## Models");
		Map<String, String> defaultOf = new LinkedHashMap<>();
		for (String line : readme.split("\n"))
			if (line.startsWith("| `")) defaultOf.put(code(line.split("\\|")[1].trim()), line.split("\\|")[3].trim());
		assertEquals(BundledModels.ids(), defaultOf.keySet().stream().sorted().toList());
		for (String id : BundledModels.ids()) {
			List<String> commands = new ArrayList<>();
			for (Class<? extends Command> command : Main.TASKS.values())
				if (ModelCommand.class.isAssignableFrom(command) && id.equals(CommandSetting.of(command).stream()
					.filter(s -> s.key().equals("model")).findFirst().orElseThrow().defaultValue(command))) commands.add(title(command));
			assertEquals(commands.isEmpty() ? "—" : String.join(", ", commands), defaultOf.get(id), id);
		}
	}

	/** The manual shows the launcher's help as it is. */
	@Test
	void theLauncherSectionShowsTheHelp() throws IOException {
		String launcher = section(usage(), "## The command-line launcher");
		int start = launcher.indexOf("```\n") + 4;
		assertEquals(Main.usage(), launcher.substring(start, launcher.indexOf("```", start)));
	}

	private static Set<String> codes(String cell) {
		Set<String> codes = new TreeSet<>();
		Matcher m = CODE.matcher(cell);
		while (m.find())
			codes.add(m.group(1));
		return codes;
	}

	private static String format(double v) {
		return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
	}
}
