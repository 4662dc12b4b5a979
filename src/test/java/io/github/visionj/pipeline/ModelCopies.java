package io.github.visionj.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.github.visionj.image.FloatTensor;
import io.github.visionj.model.Npy;

/** Copies of the test models with a flaw, for the self-check's tests. */
public final class ModelCopies {

	/** The tiny identity model: output = input clamped to [0, 1], test tensors of 32 x 32 values. */
	public static final Path IDENTITY = Path.of("src", "test", "resources", "models", "identity");

	private ModelCopies() {}

	/** A copy of {@code model} in {@code dir} whose test output has {@code delta} added to every value. */
	public static Path withTestOutputShifted(Path model, Path dir, float delta) throws IOException {
		Path copy = copy(model, dir);
		FloatTensor expected = Npy.read(copy.resolve("test_output.npy"));
		for (int i = 0; i < expected.data().length; i++)
			expected.data()[i] += delta;
		Files.delete(copy.resolve("test_output.npy"));
		Npy.write(copy.resolve("test_output.npy"), expected);
		return copy;
	}

	public static Path copy(Path model, Path dir) throws IOException {
		Path copy = dir.resolve(model.getFileName());
		Files.createDirectories(copy);
		try (Stream<Path> files = Files.list(model)) {
			for (Path f : files.toList())
				Files.copy(f, copy.resolve(f.getFileName()));
		}
		return copy;
	}
}
