package io.github.visionj.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleItem;
import org.scijava.service.Service;

import ij.ImagePlus;
import io.github.visionj.decode.DecoderSettings.Setting;

class CommandSettingTest {

	/** The settings are the commands' macro keys, but the image: nothing SciJava asks for is left undeclared. */
	@Test
	void theSettingsAreEveryInputButTheImageAndTheServices() {
		try (Context context = new Context(CommandService.class)) {
			List<CommandInfo> commands = context.service(CommandService.class).getCommands().stream()
				.filter(c -> c.getClassName().startsWith("io.github.visionj.")).toList();
			assertEquals(6, commands.size());
			for (CommandInfo info : commands) {
				List<String> inputs = new ArrayList<>();
				for (ModuleItem<?> item : info.inputs())
					if (!Service.class.isAssignableFrom(item.getType()) && item.getType() != Context.class &&
						item.getType() != ImagePlus.class) inputs.add(item.getName());
				List<String> keys = CommandSetting.of(info.loadDelegateClass().asSubclass(Command.class)).stream()
					.map(CommandSetting::key).toList();
				assertEquals(inputs.stream().sorted().toList(), keys.stream().sorted().toList(), info.getTitle());
			}
		}
		catch (ClassNotFoundException e) {
			throw new AssertionError(e);
		}
	}

	/** A parameter that overrides a decoder setting starts at its lowest value, which its label calls the model's default. */
	@Test
	void overridesStartAtTheirLowestValueTheModelsDefault() {
		int found = 0;
		for (Class<? extends ModelCommand> command : List.of(InstanceSegmentCommand.class, SemanticSegmentCommand.class,
			DetectCommand.class, ClassifyCommand.class))
			for (CommandSetting s : CommandSetting.of(command)) {
				if (s.overrides() == null) continue;
				found++;
				String min = s.parameter().min();
				assertEquals(Double.parseDouble(min), ((Number) s.defaultValue(command)).doubleValue(), s.key());
				assertTrue(s.parameter().label().endsWith("(" + min + " = model default)") ||
					s.parameter().label().contains("; " + min + " = model default)"), s.parameter().label());
				assertTrue(Double.isNaN(s.override(newInstance(command))), s.key());
			}
		assertEquals(7, found, "probability, overlap, min_size; threshold; score, overlap, max_detections");
	}

	@Test
	void aSettingAboveItsLowestValueOverridesTheModels() {
		InstanceSegmentCommand command = newInstance(InstanceSegmentCommand.class);
		CommandSetting minSize = CommandSetting.of(InstanceSegmentCommand.class).stream().filter(s -> s.key().equals("min_size"))
			.findFirst().orElseThrow();
		assertEquals(Setting.MIN_SIZE, minSize.overrides());
		assertTrue(Double.isNaN(minSize.override(command)));
		try {
			minSize.field().setInt(command, 0);
		}
		catch (IllegalAccessException e) {
			throw new AssertionError(e);
		}
		assertEquals(0, minSize.override(command));
		assertEquals("a whole number of at least -1", minSize.accepted());
		assertEquals("<n>", minSize.placeholder());
		assertEquals("--min-size", minSize.option());
	}

	private static <T> T newInstance(Class<T> c) {
		try {
			return c.getDeclaredConstructor().newInstance();
		}
		catch (ReflectiveOperationException e) {
			throw new AssertionError(e);
		}
	}
}
