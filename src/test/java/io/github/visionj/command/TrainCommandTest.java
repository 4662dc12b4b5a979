package io.github.visionj.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandModule;

/** Train's mistakes get one sentence before any training (the training itself: train.FineTuningTest). */
class TrainCommandTest {

	private static String reason(Object... inputs) {
		CommandModule m = Commands.run(TrainCommand.class, inputs);
		assertTrue(m.isCanceled());
		return m.getCancelReason();
	}

	@Test
	void mistakesAreNamedBeforeTraining(@TempDir Path dir) throws Exception {
		Path images = Files.createDirectories(dir.resolve("images")), labels = Files.createDirectories(dir.resolve("labels"));
		Files.copy(Path.of("src/test/resources/dsb2018/nuclei.png"), images.resolve("a.png"));
		Files.copy(Path.of("src/test/resources/dsb2018/nuclei_labels.tif"), labels.resolve("a_labels.tif"));
		Path out = dir.resolve("model");
		assertEquals("Training needs at least two annotated images (one for validation), but " + images + " and " + labels +
			" pair only 1.", reason("images", images.toFile(), "labels", labels.toFile(), "output", out.toFile()));
		assertTrue(Files.notExists(out));

		Path existing = Files.createDirectories(dir.resolve("results"));
		assertEquals("The folder " + existing + " already exists; choose a new folder for the model, or turn on 'overwrite' to replace " +
			"a model folder written before.", reason("images", images.toFile(), "labels", labels.toFile(), "output", existing.toFile()));
		assertEquals("The folder " + existing + " is not a model folder (it has no bioimageio.yaml), and 'overwrite' replaces only model " +
			"folders; choose a new folder for the model.",
			reason("images", images.toFile(), "labels", labels.toFile(), "output", existing.toFile(), "overwrite", true));
		assertEquals("The time budget must be more than 0 minutes, not 0.0.",
			reason("images", images.toFile(), "labels", labels.toFile(), "output", out.toFile(), "minutes", 0.0));
	}
}
