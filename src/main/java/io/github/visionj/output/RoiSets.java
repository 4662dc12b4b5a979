package io.github.visionj.output;

import java.io.IOException;
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
			for (ZipEntry e; (e = in.getNextEntry()) != null;) {
				if (!e.getName().endsWith(".roi")) continue;
				Roi roi = RoiDecoder.openFromByteArray(in.readAllBytes());
				if (roi == null) throw new IOException("entry " + e.getName() + " is not an ImageJ ROI");
				rois.add(roi);
			}
		}
		catch (IOException | RuntimeException e) {
			throw new VisionJException("Cannot read the ROI set " + zip + " (" + e.getMessage() +
				"); give a RoiSet.zip saved by the ROI Manager.", e);
		}
		return rois;
	}
}
