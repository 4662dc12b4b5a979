package io.github.visionj.model;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import io.github.visionj.VisionJException;

/**
 * Unpacks a model zip that may come from anyone. Entries are taken from the zip's central directory
 * (as unzip and Python do) and counted as they are written, so a zip that lies about its sizes is
 * stopped as soon as it passes a limit. An entry that would land outside the folder or on another
 * entry is refused.
 */
final class ModelZip {

	/**
	 * The bounds of a zip: at most {@code maxBytes} unpacked in all and {@code maxEntries} entries;
	 * an entry, and the zip as a whole, may grow to {@code maxRatio} times its packed size, or to
	 * {@code ratioFrom} bytes when that is more (small text files pack well).
	 */
	record Limits(long maxBytes, int maxEntries, int maxRatio, long ratioFrom) {

		/** Real models pack to about their size (weights) or are small; deflate reaches about 1000×. */
		static final Limits DEFAULT = new Limits(4L << 30, 10_000, 100, 16L << 20);
	}

	private static final String UNPACK_YOURSELF = "if you trust it, unpack it yourself and give the folder.";

	private ModelZip() {}

	static void unpack(Path zip, Path folder, Limits limits) throws IOException {
		try (ZipFile in = new ZipFile(zip.toFile())) {
			if (in.size() > limits.maxEntries()) throw new VisionJException("The zip " + zip + " has " + in.size() +
				" entries, more than the " + limits.maxEntries() + " VisionJ unpacks; " + UNPACK_YOURSELF);
			if (in.size() == 0) throw new VisionJException("The zip " + zip + " is empty; download the model again.");
			Set<Path> targets = new HashSet<>();
			long packed = 0;
			long unpacked = 0;
			for (ZipEntry e : Collections.list(in.entries())) {
				Path target = target(zip, folder, e.getName());
				if (!targets.add(target)) throw twice(zip, e);
				packed += e.getCompressedSize();
				long entryLimit = Math.max(limits.ratioFrom(), limits.maxRatio() * e.getCompressedSize());
				long zipLimit = Math.min(limits.maxBytes(), Math.max(limits.ratioFrom(), limits.maxRatio() * packed));
				long allowed = Math.min(entryLimit, zipLimit - unpacked);
				long n;
				try {
					if (e.isDirectory()) {
						Files.createDirectories(target);
						continue;
					}
					Files.createDirectories(target.getParent());
					try (InputStream data = in.getInputStream(e);
						OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW))
					{
						n = copy(data, out, allowed + 1);
					}
				}
				catch (FileAlreadyExistsException x) {
					// on a case-insensitive disk A.txt and a.txt are one file; a file may also stand where a folder goes
					throw twice(zip, e);
				}
				if (n > allowed) throw unpacked + n > limits.maxBytes()
					? new VisionJException("The zip " + zip + " unpacks to more than " + (limits.maxBytes() >> 20) + " MB, " +
						"the most VisionJ unpacks; " + UNPACK_YOURSELF)
					: new VisionJException("The zip " + zip + " unpacks to more than " + limits.maxRatio() + " times its " +
						"packed size at the entry " + e.getName() + "; it may be a zip bomb, so it was not unpacked: " +
						UNPACK_YOURSELF);
				unpacked += n;
			}
		}
		catch (ZipException | EOFException e) {
			throw new VisionJException("The file " + zip + " is not a readable zip (" + e.getMessage() +
				"); download the model again.", e);
		}
	}

	private static Path target(Path zip, Path folder, String name) {
		try {
			Path target = folder.resolve(name).normalize();
			if (target.startsWith(folder)) return target;
		}
		catch (InvalidPathException e) {
			// a name that is no path on this system cannot be unpacked either
		}
		throw new VisionJException("The zip " + zip + " has the entry " + name + " that points outside the zip; it is " +
			"not a valid model zip.");
	}

	private static VisionJException twice(Path zip, ZipEntry e) {
		return new VisionJException("The zip " + zip + " holds " + e.getName() + " twice (or two entries that unpack to " +
			"the same file); it is not a valid model zip: zip the model folder again.");
	}

	/** Copies at most {@code limit} bytes and returns how many were copied. */
	private static long copy(InputStream in, OutputStream out, long limit) throws IOException {
		byte[] buffer = new byte[1 << 16];
		long n = 0;
		for (int r; n < limit && (r = in.read(buffer, 0, (int) Math.min(buffer.length, limit - n))) > 0; n += r)
			out.write(buffer, 0, r);
		return n;
	}
}
