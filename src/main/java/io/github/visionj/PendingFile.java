package io.github.visionj;

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

/**
 * A file being written under a hidden temporary name in its target's folder, renamed onto the
 * target once complete, so that it appears whole or not at all. Temporary files are deleted when
 * Java exits while they are written; those of a killed run are removed by {@link #removeStale}.
 * Here, beside {@link VisionJException}, so that writers of every layer share it (a result table
 * written at once through {@code output.AtomicFile}, a label image written strip by strip).
 */
public final class PendingFile {

	private static final String PREFIX = ".visionj-";
	private static final Set<Path> PENDING = new HashSet<>();
	private static boolean exiting;

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(PendingFile::discardPending, "VisionJ temporary files"));
	}

	private final Path target;
	private final Path temp;
	private final boolean overwrite;

	private PendingFile(Path target, Path temp, boolean overwrite) {
		this.target = target;
		this.temp = temp;
		this.overwrite = overwrite;
	}

	/**
	 * Creates the empty temporary file for {@code target}.
	 *
	 * @param overwrite whether an existing {@code target} may be replaced
	 * @throws VisionJException when {@code target} exists and {@code overwrite} is false, or when
	 *           the folder cannot be written
	 */
	public static PendingFile create(Path target, boolean overwrite) {
		refuseExisting(target, overwrite);
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
		return new PendingFile(target, temp, overwrite);
	}

	/** Where the content is written until {@link #commit}. */
	public Path path() {
		return temp;
	}

	public Path target() {
		return target;
	}

	/**
	 * Moves the written file onto the target.
	 *
	 * @throws VisionJException when the target appeared meanwhile (and overwrite is off) or the
	 *           move fails; the temporary file is removed either way
	 */
	public void commit() {
		try {
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
		catch (FileAlreadyExistsException e) {
			throw discard(alreadyExists(target));
		}
		catch (IOException e) {
			throw discard(failed(target, e));
		}
		finally {
			unregister();
		}
	}

	/**
	 * Removes the temporary file after a failure.
	 *
	 * @return {@code failure}, with a failed deletion added as suppressed
	 */
	public VisionJException discard(VisionJException failure) {
		IOException e = delete();
		if (e != null) failure.addSuppressed(e);
		return failure;
	}

	/** Removes the temporary file of a write that was given up. */
	public void discard() {
		delete();
	}

	private IOException delete() {
		try {
			Files.deleteIfExists(temp);
			return null;
		}
		catch (IOException e) {
			return e;
		}
		finally {
			unregister();
		}
	}

	private void unregister() {
		synchronized (PENDING) {
			PENDING.remove(temp);
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

	/** Refuses a target that exists when overwriting is off: a user's file is replaced only when asked. */
	public static void refuseExisting(Path target, boolean overwrite) {
		if (!overwrite && Files.exists(target)) throw alreadyExists(target);
	}

	/** The message for a write of {@code target} that failed with {@code e}. */
	public static VisionJException failed(Path target, Exception e) {
		return new VisionJException("Could not write " + target + ": " + e.getMessage() +
			"; check the free space and permissions of the output folder.", e);
	}

	private static VisionJException alreadyExists(Path target) {
		return new VisionJException("The file " + target +
			" already exists; turn on the 'overwrite' option to replace it, or choose another output folder.");
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
}
