package io.github.visionj.output;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

import io.github.visionj.VisionJException;

/**
 * Writes a file so that it either appears complete or not at all: the content goes to a hidden
 * temporary file in the same folder, which is then renamed onto the target.
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
		if (!overwrite && Files.exists(target)) throw alreadyExists(target);
		Path temp;
		try {
			// The temporary name keeps the target's extension: ImageJ picks CSV or TSV from it.
			// createFile, not createTempFile: the result must get the user's usual permissions, not 600.
			String random = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
			temp = Files.createFile(target.toAbsolutePath().getParent().resolve(".visionj-" + random + "-" + target.getFileName()));
		}
		catch (IOException e) {
			throw failed(target, e);
		}
		try {
			content.writeTo(temp);
			move(temp, target, overwrite);
		}
		catch (FileAlreadyExistsException e) {
			throw discard(temp, alreadyExists(target));
		}
		catch (VisionJException e) {
			throw discard(temp, e);
		}
		catch (IOException | RuntimeException e) {
			throw discard(temp, failed(target, e));
		}
	}

	private static void move(Path temp, Path target, boolean overwrite) throws IOException {
		if (!overwrite) {
			// A plain rename that refuses to replace: not atomic against a concurrent writer, but never clobbers.
			Files.move(temp, target);
			return;
		}
		try {
			Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException e) {
			Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	private static VisionJException alreadyExists(Path target) {
		return new VisionJException("The file " + target +
			" already exists; turn on the 'overwrite' option to replace it, or choose another output folder.");
	}

	private static VisionJException failed(Path target, Exception e) {
		return new VisionJException("Could not write " + target + ": " + e.getMessage() +
			"; check the free space and permissions of the output folder.", e);
	}

	private static VisionJException discard(Path temp, VisionJException failure) {
		try {
			Files.deleteIfExists(temp);
		}
		catch (IOException e) {
			failure.addSuppressed(e);
		}
		return failure;
	}
}
