package io.github.visionj.output;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;

import io.github.visionj.PendingFile;
import io.github.visionj.VisionJException;

/**
 * Writes a file so that it either appears complete or not at all: the content goes to a hidden
 * temporary file in the same folder, which is then renamed onto the target ({@link PendingFile}).
 */
public final class AtomicFile {

	/** Writes the whole content to the given (temporary) path. */
	@FunctionalInterface
	public interface Content {
		void writeTo(Path path) throws IOException;
	}

	private AtomicFile() {}

	/**
	 * @param overwrite whether an existing {@code target} may be replaced
	 * @throws VisionJException when {@code target} exists and {@code overwrite} is false, or on a
	 *           write error; no temporary file is left behind either way
	 */
	public static void write(Path target, boolean overwrite, Content content) {
		PendingFile file = PendingFile.create(target, overwrite);
		try {
			content.writeTo(file.path());
		}
		catch (VisionJException e) {
			throw file.discard(e);
		}
		catch (IOException | RuntimeException e) {
			throw file.discard(PendingFile.failed(target, e));
		}
		file.commit();
	}

	/** See {@link PendingFile#removeStale}. */
	public static void removeStale(Path folder, Collection<String> targetNames) {
		PendingFile.removeStale(folder, targetNames);
	}

	/** See {@link PendingFile#refuseExisting}. */
	public static void refuseExisting(Path target, boolean overwrite) {
		PendingFile.refuseExisting(target, overwrite);
	}
}
