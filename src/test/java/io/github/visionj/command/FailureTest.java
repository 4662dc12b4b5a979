package io.github.visionj.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandModule;

import ij.ImagePlus;
import ij.process.FloatProcessor;

/** Every failure, not only a user's mistake, cancels the command with one sentence and leaves no empty folder. */
class FailureTest {

	/** A command that fails as a Fiji without snakeyaml once did. */
	public static class MissingLibrary extends VisionJCommand {
		@Override
		protected void execute() {
			throw new NoClassDefFoundError("org/yaml/snakeyaml/error/MarkedYAMLException");
		}
	}

	@Test
	void aMissingClassCancelsWithOneSentence() {
		CommandModule m = Commands.run(MissingLibrary.class);
		assertTrue(m.isCanceled());
		assertEquals("A library VisionJ needs is missing or of the wrong version (java.lang.NoClassDefFoundError: " +
			"org/yaml/snakeyaml/error/MarkedYAMLException); unzip visionj-fiji.zip into Fiji.app again and restart Fiji.",
			m.getCancelReason());
	}

	@Test
	void aFailedRunRemovesTheFoldersItCreated(@TempDir Path dir) throws Exception {
		Path out = dir.resolve("new/results");
		CommandModule m = Commands.run(InstanceSegmentCommand.class, "image", new ImagePlus("img", new FloatProcessor(64, 64)),
			"model", dir.resolve("no-such-model").toString(), "output", out.toFile());
		assertTrue(m.isCanceled());
		assertFalse(Files.exists(dir.resolve("new")), "no empty output folder is left behind");

		// A folder that existed before the run stays.
		Files.createDirectories(out);
		Commands.run(InstanceSegmentCommand.class, "image", new ImagePlus("img", new FloatProcessor(64, 64)),
			"model", dir.resolve("no-such-model").toString(), "output", out.toFile());
		assertTrue(Files.isDirectory(out));
	}
}
