package io.github.visionj.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandModule;

import io.github.visionj.pipeline.ModelCopies;

/** A model that does not reproduce its test outputs: one warning per session, or with strict_check an error. */
class SelfCheckCommandTest {

	private static final String MISMATCH = "identity (torchscript weights weights.pt) does not reproduce its test output " +
		"'probability': max |difference| 0.250, 1024 of 1024 values differ by more than 0.000100 + 0.00100·|expected| " +
		"(100 per million allowed); the weights, the description or this engine's arithmetic are wrong: do not trust " +
		"its results.";

	@Test
	void aFailedSelfCheckWarnsOnceAndRuns(@TempDir Path dir) throws IOException {
		Path model = ModelCopies.withTestOutputShifted(ModelCopies.IDENTITY, dir, 0.25f);
		Commands.WARNINGS.clear();
		for (String run : new String[] { "a", "b" }) {
			CommandModule m = Commands.run(InstanceSegmentCommand.class, "image", Commands.open("dsb2018/nuclei.png"), "model",
				model.toString(), "output", dir.resolve(run).toFile());
			assertFalse(m.isCanceled(), m.getCancelReason());
		}
		assertEquals(List.of("VisionJ: " + MISMATCH), Commands.WARNINGS);
	}

	@Test
	void withStrictCheckTheCommandFails(@TempDir Path dir) throws IOException {
		Path model = ModelCopies.withTestOutputShifted(ModelCopies.IDENTITY, dir, 0.25f);
		CommandModule m = Commands.run(InstanceSegmentCommand.class, "image", Commands.open("dsb2018/nuclei.png"), "model",
			model.toString(), "output", dir.resolve("out").toFile(), "strict_check", true);
		assertTrue(m.isCanceled());
		assertEquals(MISMATCH, m.getCancelReason());
	}
}
