package io.github.visionj.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import io.github.visionj.VisionJException;

/**
 * Folders VisionJ fills once and reuses: unpacked model zips, bundled models taken out of the jar
 * DJL's native libraries, the verdicts of model self-checks and the automatic tile size of each model. They live in a folder only the user can write:
 * <ol>
 * <li>the system property {@code visionj.cache}, when set;</li>
 * <li>{@code $XDG_CACHE_HOME/visionj}, or {@code ~/.cache/visionj};</li>
 * <li>when the home folder is not writable, {@code <temp>/visionj-cache-<user>}, created owner-only
 * and, on every use, refused unless it is a real folder of this user that no one else may open.</li>
 * </ol>
 * Each use also removes what is no longer needed: half-filled folders in which nothing was written
 * for an hour (a killed process), older versions of the same source, and folders unused for 30 days.
 */
public final class CacheFolder {

	public interface Filler {
		void fill(Path folder) throws IOException;
	}

	static final Duration STALE_PART = Duration.ofHours(1);
	static final Duration REPLACED = Duration.ofMinutes(10);
	static final Duration UNUSED = Duration.ofDays(30);

	private static final String PART = ".part";
	private static final boolean POSIX = Path.of("").getFileSystem().supportedFileAttributeViews().contains("posix");
	private static final FileAttribute<?>[] OWNER_ONLY = POSIX ? new FileAttribute<?>[] { PosixFilePermissions
		.asFileAttribute(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
			PosixFilePermission.OWNER_EXECUTE)) } : new FileAttribute<?>[0];

	private static UserPrincipal me;

	private CacheFolder() {}

	/** The cache folder {@code kind}, created if needed: where DJL keeps its native libraries, for example. */
	public static Path folder(String kind) {
		Path folder = root().resolve(kind);
		try {
			return Files.createDirectories(folder);
		}
		catch (IOException e) {
			throw cannotWrite(folder, e);
		}
	}

	/**
	 * The folder {@code kind/name} of the cache, filled by {@code filler} if it does not exist yet. It is
	 * filled in a temporary folder and then renamed, so a folder that exists is always complete, even
	 * when two processes fill it at once. A name is {@code <source>-<version>}: when a new version of a
	 * source is filled, the older ones go.
	 */
	public static Path filled(String kind, String name, Filler filler) {
		Path target = folder(kind).resolve(name);
		if (Files.isDirectory(target)) {
			touch(target);
			prune(target);
			return target;
		}
		Path temp = null;
		try {
			prune(target);
			temp = Files.createTempDirectory(target.getParent(), name + PART);
			filler.fill(temp);
			try {
				Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
				temp = null;
			}
			catch (FileSystemException e) {
				// Another process or thread finished first: its folder is as good as ours. (Linux reports the
				// rename onto its folder as a plain FileSystemException, "Directory not empty".)
				if (!Files.isDirectory(target)) throw e;
			}
		}
		catch (IOException e) {
			throw cannotWrite(target, e);
		}
		finally {
			if (temp != null) delete(temp);
		}
		return target;
	}

	/**
	 * A short key for the file: a hash of its real path, then one of its size and modification time,
	 * so that a changed file gets a new folder and its older folders can be found.
	 */
	static String stamp(Path file) {
		try {
			return hash(file.toRealPath().toString()) + "-" + hash(Files.size(file) + "|" +
				Files.getLastModifiedTime(file).toMillis());
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static String hash(String s) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)),
				0, 4);
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private static Path root() {
		String configured = System.getProperty("visionj.cache");
		if (configured != null) return writable(Path.of(configured));
		String xdg = System.getenv("XDG_CACHE_HOME");
		Path home = (xdg != null && Path.of(xdg).isAbsolute() ? Path.of(xdg) : Path.of(System.getProperty("user.home"),
			".cache")).resolve("visionj");
		try {
			Files.createDirectories(home, OWNER_ONLY);
			if (Files.isWritable(home)) return home;
		}
		catch (IOException e) {
			// no cache in the home folder: use the temporary folder
		}
		return privateFolder(Path.of(System.getProperty("java.io.tmpdir")).resolve("visionj-cache-" +
			System.getProperty("user.name")));
	}

	private static Path writable(Path folder) {
		try {
			Files.createDirectories(folder);
			if (Files.isWritable(folder)) return folder;
		}
		catch (IOException e) {
			// reported below
		}
		throw new VisionJException("The cache folder " + folder + " (-Dvisionj.cache) is not writable; set it to a " +
			"folder you can write to.");
	}

	/**
	 * {@code folder} in a folder that others can write to (the temporary folder): created owner-only,
	 * and used only when it is a real folder of this user that no one else may open, since anyone may
	 * have created it first.
	 */
	static Path privateFolder(Path folder) {
		try {
			Files.createDirectory(folder, OWNER_ONLY);
		}
		catch (FileAlreadyExistsException e) {
			// checked below like one we made
		}
		catch (IOException e) {
			throw cannotWrite(folder, e);
		}
		String problem;
		try {
			UserPrincipal owner = Files.getOwner(folder, LinkOption.NOFOLLOW_LINKS);
			if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) problem = "is not a folder";
			else if (!owner.equals(me())) problem = "belongs to " + owner.getName();
			else if (POSIX && Files.readAttributes(folder, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
				.permissions().stream().anyMatch(p -> !p.name().startsWith("OWNER_"))) problem = "may be opened by other users";
			else return folder;
		}
		catch (IOException e) {
			problem = "cannot be checked (" + e.getMessage() + ")";
		}
		throw new VisionJException("The cache folder " + folder + " " + problem + ", so what it holds cannot be trusted; " +
			"delete it, or start with -Dvisionj.cache set to a folder of your own.");
	}

	/** This process's user: the owner of a file it creates (user.name may name no account). */
	private static synchronized UserPrincipal me() throws IOException {
		if (me != null) return me;
		Path probe = Files.createTempFile("visionj-owner", null);
		try {
			return me = Files.getOwner(probe);
		}
		finally {
			Files.delete(probe);
		}
	}

	private static boolean mine(Path p) {
		try {
			return Files.getOwner(p, LinkOption.NOFOLLOW_LINKS).equals(me());
		}
		catch (IOException e) {
			return false;
		}
	}

	/** Marks a folder as used now, for {@link #UNUSED}; a read-only cache stays as it is. */
	private static void touch(Path folder) {
		try {
			Files.setLastModifiedTime(folder, FileTime.from(Instant.now()));
		}
		catch (IOException e) {
			// only pruning needs the time
		}
	}

	/** Removes this user's other folders of {@code target}'s kind that are stale, replaced or unused. */
	private static void prune(Path target) {
		String source = source(target.getFileName().toString());
		Instant now = Instant.now();
		for (Path p : folders(target.getParent())) {
			String name = p.getFileName().toString();
			if (p.equals(target)) continue;
			boolean part = name.matches(".*" + PART.replace(".", "\\.") + "\\d+");
			Duration idle = Duration.between(lastWritten(p, part), now);
			boolean replaced = !source.isEmpty() && source(name).equals(source) && idle.compareTo(REPLACED) > 0;
			if ((part ? idle.compareTo(STALE_PART) > 0 : replaced || idle.compareTo(UNUSED) > 0) && mine(p)) delete(p);
		}
	}

	/** The name up to its last {@code -}: the source, without its version. */
	private static String source(String name) {
		return name.substring(0, Math.max(0, name.lastIndexOf('-')));
	}

	private static List<Path> folders(Path parent) {
		try (Stream<Path> files = Files.list(parent)) {
			return files.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList();
		}
		catch (IOException e) {
			return List.of();
		}
	}

	/** When the folder was last used, or for a half-filled one, when anything in it was last written. */
	private static Instant lastWritten(Path folder, boolean deep) {
		try (Stream<Path> files = deep ? Files.walk(folder) : Stream.of(folder)) {
			return files.map(p -> {
				try {
					return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant();
				}
				catch (IOException e) {
					// removed meanwhile by its own process
					return Instant.now();
				}
			}).max(Comparator.naturalOrder()).orElseGet(Instant::now);
		}
		catch (IOException | UncheckedIOException e) {
			return Instant.now();
		}
	}

	private static VisionJException cannotWrite(Path folder, IOException e) {
		return new VisionJException("Cannot write the cache folder " + folder + " (" + e.getMessage() +
			"); free some disk space or set -Dvisionj.cache to a writable folder.", e);
	}

	private static void delete(Path folder) {
		try (Stream<Path> files = Files.walk(folder)) {
			files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
		catch (IOException | UncheckedIOException e) {
			// whatever is left is removed on a later use
		}
	}
}
