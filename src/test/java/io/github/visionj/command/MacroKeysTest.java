package io.github.visionj.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleItem;
import org.scijava.service.Service;

/**
 * ImageJ 1.x finds a macro key with {@code Macro.getValue}, which accepts a match unless a letter
 * stands right before it: a key {@code label_image} would also answer the lookup of {@code image}
 * and feed its value to the image input. No key of a command may hold another after a non-letter.
 */
class MacroKeysTest {

	@Test
	void noKeyOfACommandHoldsAnotherAfterANonLetter() {
		Context context = new Context(CommandService.class);
		try {
			List<CommandInfo> commands = context.service(CommandService.class).getCommands().stream()
				.filter(c -> c.getClassName().startsWith("io.github.visionj.")).toList();
			assertEquals(6, commands.size(), "the six VisionJ commands are found");
			List<String> clashes = new ArrayList<>();
			for (CommandInfo command : commands)
				clashes.addAll(clashes(command.getTitle(), keys(command)));
			assertEquals(List.of(), clashes);
			assertTrue(keys(commands.stream().filter(c -> c.getTitle().equals("Detect")).findFirst().orElseThrow())
				.containsAll(List.of("image", "model", "output", "overwrite", "tile_size", "boxes_as_labels")));
		}
		finally {
			context.dispose();
		}
	}

	@Test
	void theCheckFindsTheClashThatBrokeDetect() {
		assertEquals(List.of("Detect: 'label_image' holds 'image'"), clashes("Detect", List.of("image", "model", "label_image")));
		assertEquals(List.of("X: 'link2z' holds 'z'"), clashes("X", List.of("z", "link2z", "size", "tilesize")));
	}

	/** The macro keys: every input but the services SciJava fills in. */
	private static List<String> keys(CommandInfo command) {
		List<String> keys = new ArrayList<>();
		for (ModuleItem<?> item : command.inputs())
			if (!Service.class.isAssignableFrom(item.getType()) && item.getType() != Context.class) keys.add(item.getName());
		return keys;
	}

	private static List<String> clashes(String command, List<String> keys) {
		List<String> clashes = new ArrayList<>();
		for (String key : keys)
			for (String other : keys) {
				if (other.equals(key)) continue;
				for (int i = key.indexOf(other, 1); i > 0; i = key.indexOf(other, i + 1))
					if (!Character.isLetter(key.charAt(i - 1))) {
						clashes.add(command + ": '" + key + "' holds '" + other + "'");
						break;
					}
			}
		return clashes;
	}
}
