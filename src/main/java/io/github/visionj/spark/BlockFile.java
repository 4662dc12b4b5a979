package io.github.visionj.spark;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.github.visionj.PendingFile;
import io.github.visionj.VisionJException;
import io.github.visionj.pipeline.OwnedObject;

/**
 * The objects one block of a huge image owns, as an executor stored them for the driver:
 * {@code <output>/.visionj-blocks/<image name>/z<z>-t<t>-b<block>.bin}, written atomically. The file
 * starts with the run's key (the task, its options and the blocks' geometry), so a rerun with other
 * settings redoes the block instead of taking a stale result.
 */
final class BlockFile {

	private static final String MAGIC = "VisionJ block objects 1";

	private BlockFile() {}

	static Path of(Path folder, int z, int t, int block) {
		return folder.resolve("z" + z + "-t" + t + "-b" + block + ".bin");
	}

	static void write(Path target, String key, List<OwnedObject> objects) {
		PendingFile file = PendingFile.create(target, true);
		try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file.path())))) {
			out.writeUTF(MAGIC);
			out.writeUTF(key);
			out.writeInt(objects.size());
			for (OwnedObject o : objects)
				o.write(out);
		}
		catch (IOException e) {
			throw file.discard(PendingFile.failed(target, e));
		}
		file.commit();
	}

	/** The number of objects in a block file of this run; null when there is none (or it is another run's, or unreadable). */
	static Integer objects(Path file, String key) {
		if (!Files.isRegularFile(file)) return null;
		try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
			return in.readUTF().equals(MAGIC) && in.readUTF().equals(key) ? in.readInt() : null;
		}
		catch (IOException e) {
			return null;
		}
	}

	/** The objects of a block file of this run. */
	static List<OwnedObject> read(Path file, String key) {
		try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
			if (!in.readUTF().equals(MAGIC) || !in.readUTF().equals(key)) throw new IOException("written by another run");
			int n = in.readInt();
			List<OwnedObject> objects = new ArrayList<>(n);
			for (int i = 0; i < n; i++)
				objects.add(OwnedObject.read(in));
			return objects;
		}
		catch (IOException e) {
			throw new VisionJException("Cannot read the block results " + file + " (" + e.getMessage() + "); run the job again, " +
				"which redoes that block.", e);
		}
	}

	/** Removes the block files of an image (a folder of plain files) and the blocks' folder when no other image's remain. */
	static void removeAll(Path folder) {
		try {
			try (var files = Files.list(folder)) {
				for (Path f : files.toList())
					Files.deleteIfExists(f);
			}
			Files.deleteIfExists(folder);
			try (var others = Files.list(folder.getParent())) {
				if (others.findAny().isEmpty()) Files.deleteIfExists(folder.getParent());
			}
		}
		catch (IOException e) {
			// the results are complete; a left-over block file only takes space
		}
	}
}
