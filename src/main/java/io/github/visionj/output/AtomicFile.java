package io.github.visionj.output;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import io.github.visionj.VisionJException;

/**
 * Writes a file so that it either appears complete or not at all: the content goes to a hidden
 * temporary file in the same folder, which is then renamed onto the target. Temporary files are
 * deleted when Java exits while they are written; those of a killed run are removed by
 * {@link #removeStale}.
 */
public final class AtomicFile {

	/** Writes the whole content to the given (temporary) path. */
	@FunctionalInterface
	public interface Content {
		void writeTo(Path path) throws IOException;
	}

	private static final String PREFIX = ".visionj-";
	private static final Set<Path> PENDING = new HashSet<>();
	private static boolean exiting;

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(AtomicFile::discardPending, "VisionJ temporary files"));
	}

	private AtomicFile() {}

	/**
	 * @param overwrite whether an existing {@code target} may be replaced
	 * @throws VisionJException when {@code target} exists and {@code overwrite} is false, or on a
	 *           write error; no temporary file is left behind either way
	 */
	public static void write(Path target, boolean overwrite, Content content) {
		refuseExisting(target, overwrite);
		Path temp = create(target);
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
		finally {
			synchronized (PENDING) {
				PENDING.remove(temp);
			}
		}
	}

	/**
	 * Removes the temporary files that a killed run left for these targets (same folder, named
	 * {@code .visionj-<random>-<target name>}); a missing folder has none.
	 */
	public static void removeStale(Path folder, Collection<String> targetNames) {
		if (!Files.isDirectory(folder)) return;
		try (var files = Files.list(folder)) {
			for (Path p : files.toList()) {
				String name = p.getFileName().toString();
				int dash = name.indexOf('-', PREFIX.length());
				if (name.startsWith(PREFIX) && dash > 0 && targetNames.contains(name.substring(dash + 1))) Files.deleteIfExists(p);
			}
		}
		catch (IOException e) {
			throw new VisionJException("Cannot clean the output folder " + folder + " (" + e.getMessage() + "); check its permissions.", e);
		}
	}

	private static Path create(Path target) {
		// The temporary name keeps the target's extension, so writers that choose the format by it work.
		// createFile, not createTempFile: the result must get the user's usual permissions, not 600.
		String random = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
		Path temp = target.toAbsolutePath().getParent().resolve(PREFIX + random + "-" + target.getFileName());
		synchronized (PENDING) {
			if (exiting) throw new VisionJException("Java is shutting down; " + target + " was not written.");
			try {
				Files.createFile(temp);
			}
			catch (IOException e) {
				throw failed(target, e);
			}
			PENDING.add(temp);
		}
		return temp;
	}

	/**
	 * On exit (Ctrl-C, kill) the files being written are deleted and no new one is started, so
	 * an interrupted run leaves complete files only.
	 */
	private static void discardPending() {
		synchronized (PENDING) {
			exiting = true;
			for (Path temp : PENDING)
				try {
					Files.deleteIfExists(temp);
				}
				catch (IOException e) {
					// nothing more can be done while Java exits
				}
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

	/** Refuses a target that exists when overwriting is off: a user's file is replaced only when asked. */
	public static void refuseExisting(Path target, boolean overwrite) {
		if (!overwrite && Files.exists(target)) throw alreadyExists(target);
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
