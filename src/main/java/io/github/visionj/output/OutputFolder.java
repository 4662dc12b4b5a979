package io.github.visionj.output;

import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.imageio.ImageIO;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.io.FileSaver;
import ij.io.RoiEncoder;
import ij.measure.ResultsTable;
import io.github.visionj.VisionJException;

/**
 * The folder results are written to. It is checked when opened, before any work, and every file
 * is written atomically ({@link AtomicFile}): a failed or refused write leaves nothing behind.
 */
public final class OutputFolder {

	private final Path folder;
	private final boolean overwrite;

	private OutputFolder(Path folder, boolean overwrite) {
		this.folder = folder;
		this.overwrite = overwrite;
	}

	/**
	 * Creates the folder if needed and checks that a file can be written in it.
	 *
	 * @param overwrite whether existing result files may be replaced
	 */
	public static OutputFolder open(Path folder, boolean overwrite) {
		try {
			Files.createDirectories(folder);
			// Files.isWritable is not enough: it says yes to root and on read-only mounts.
			Files.delete(Files.createTempFile(folder, ".visionj-check-", ".tmp"));
		}
		catch (IOException | SecurityException e) {
			throw new VisionJException("Cannot write to the output folder " + folder + ": " + reason(e) +
				"; choose a folder you can write to.", e);
		}
		return new OutputFolder(folder, overwrite);
	}

	public Path folder() {
		return folder;
	}

	public boolean overwrite() {
		return overwrite;
	}

	public Path path(String name, OutputFile file) {
		return folder.resolve(file.fileName(name));
	}

	/** Refuses, before any work, to run if one of these files exists and overwriting is off. */
	public void checkAvailable(String name, List<OutputFile> files) {
		for (OutputFile file : files)
			AtomicFile.refuseExisting(path(name, file), overwrite);
	}

	/** A TIFF written by ImageJ, keeping calibration, hyperstack layout, LUT and display range. */
	public Path writeImage(String name, OutputFile file, ImagePlus image) {
		return write(name, file, temp -> {
			if (!new FileSaver(image).saveAsTiff(temp.toString()))
				throw new IOException("ImageJ could not save the image as TIFF");
		});
	}

	/** A RoiSet that the ROI Manager opens: one {@code <name>.roi} entry per ROI, names made unique. */
	public Path writeRois(String name, List<Roi> rois) {
		return write(name, OutputFile.ROIS, temp -> {
			try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(temp)));
				DataOutputStream out = new DataOutputStream(zip))
			{
				RoiEncoder encoder = new RoiEncoder(out);
				Set<String> used = new HashSet<>();
				for (int i = 0; i < rois.size(); i++) {
					zip.putNextEntry(new ZipEntry(entryName(rois.get(i).getName(), i, used)));
					encoder.write(rois.get(i));
					out.flush();
				}
			}
		});
	}

	/** The table as comma-separated values ({@link ResultTables#csv}). */
	public Path writeResults(String name, ResultsTable table) {
		return write(name, OutputFile.RESULTS, temp -> Files.writeString(temp, ResultTables.csv(table)));
	}

	public Path writeOverlay(String name, BufferedImage overlay) {
		return write(name, OutputFile.OVERLAY, temp -> {
			if (!ImageIO.write(overlay, "png", temp.toFile())) throw new IOException("Java cannot write PNG images");
		});
	}

	private Path write(String name, OutputFile file, AtomicFile.Content content) {
		Path path = path(name, file);
		AtomicFile.write(path, overwrite, content);
		return path;
	}

	static String entryName(String roiName, int index, Set<String> used) {
		String base = roiName == null || roiName.isBlank() ? String.format(Locale.ROOT, "%04d", index + 1)
			: roiName.replace('/', '_').replace('\\', '_');
		String candidate = base;
		for (int n = 2; !used.add(candidate); n++)
			candidate = base + "-" + n;
		return candidate + ".roi";
	}

	private static String reason(Exception e) {
		if (e instanceof FileAlreadyExistsException) return "a file of that name is in the way";
		if (e instanceof AccessDeniedException) return "permission denied";
		if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
		return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
	}
}
