package io.github.visionj.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;

import io.github.visionj.VisionJException;

/**
 * Folders VisionJ fills once and reuses: unpacked model zips, bundled models taken out of the jar, and
 * the verdicts of model self-checks.
 * They live under {@code ~/.visionj/cache} (or the system property {@code visionj.cache}), or the
 * system temp folder when the home folder is not writable.
 */
public final class CacheFolder {

	public interface Filler {
		void fill(Path folder) throws IOException;
	}

	private CacheFolder() {}

	/**
	 * The folder {@code kind/name} of the cache, filled by {@code filler} if it does not exist yet. It is
	 * filled in a temporary folder and then renamed, so a folder that exists is always complete, even
	 * when two processes fill it at once.
	 */
	public static Path filled(String kind, String name, Filler filler) {
		Path target = root().resolve(kind).resolve(name);
		if (Files.isDirectory(target)) return target;
		Path temp = null;
		try {
			Files.createDirectories(target.getParent());
			temp = Files.createTempDirectory(target.getParent(), name + ".part");
			filler.fill(temp);
			Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
			temp = null;
		}
		catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
			// another process finished first: its folder is as good as ours
		}
		catch (IOException e) {
			throw new VisionJException("Cannot write the cache folder " + target + " (" + e.getMessage() +
				"); free some disk space or set -Dvisionj.cache to a writable folder.", e);
		}
		finally {
			if (temp != null) delete(temp);
		}
		return target;
	}

	/** A short key that changes when the file changes: a hash of its real path, size and modification time. */
	static String stamp(Path file) {
		try {
			String s = file.toRealPath() + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis();
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)),
				0, 6);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private static Path root() {
		String configured = System.getProperty("visionj.cache");
		Path[] candidates = configured != null ? new Path[] { Path.of(configured) }
			: new Path[] { Path.of(System.getProperty("user.home"), ".visionj", "cache"),
				Path.of(System.getProperty("java.io.tmpdir"), "visionj-cache-" + System.getProperty("user.name")) };
		for (Path candidate : candidates) {
			try {
				Files.createDirectories(candidate);
				if (Files.isWritable(candidate)) return candidate;
			}
			catch (IOException e) {
				// not usable: try the next one
			}
		}
		throw new VisionJException("No writable cache folder (tried " + Arrays.toString(candidates) +
			"); set -Dvisionj.cache to a writable folder.");
	}

	private static void delete(Path folder) {
		try (Stream<Path> files = Files.walk(folder)) {
			files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
		catch (IOException e) {
			// a leftover temporary folder is harmless
		}
	}
}
