package io.github.visionj.output;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import ij.gui.Roi;
import ij.io.RoiDecoder;
import io.github.visionj.VisionJException;

/** Reads the RoiSet.zip files that the ROI Manager saves (and that VisionJ writes). */
public final class RoiSets {

	private RoiSets() {}

	/** The ROIs of the set in file order, named as in the set. */
	public static List<Roi> read(Path zip) {
		if (!Files.isRegularFile(zip)) throw new VisionJException("The ROI set " + zip +
			" does not exist; give the path of a RoiSet.zip saved by the ROI Manager.");
		List<Roi> rois = new ArrayList<>();
		try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
			// Anything else reads as a zip without entries: an empty set, which it is not.
			if (!isZip(zip)) throw new IOException("it is not a zip file");
			int entries = 0;
			for (ZipEntry e; (e = in.getNextEntry()) != null; entries++) {
				if (!e.getName().endsWith(".roi")) continue;
				Roi roi = RoiDecoder.openFromByteArray(in.readAllBytes());
				if (roi == null) throw new IOException("entry " + e.getName() + " is not an ImageJ ROI");
				rois.add(roi);
			}
			if (entries > 0 && rois.isEmpty()) throw new IOException("it holds no .roi entries");
		}
		catch (IOException | RuntimeException e) {
			throw new VisionJException("Cannot read the ROI set " + zip + " (" + e.getMessage() +
				"); give a RoiSet.zip saved by the ROI Manager.", e);
		}
		return rois;
	}

	/** Whether the file starts as a zip archive does (a local file header, or the end record of an empty one). */
	private static boolean isZip(Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			byte[] magic = in.readNBytes(4);
			return magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && (magic[2] == 3 && magic[3] == 4 || magic[2] == 5 && magic[3] == 6);
		}
	}
}
