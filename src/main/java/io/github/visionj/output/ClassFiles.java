package io.github.visionj.output;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.io.RoiEncoder;
import io.github.visionj.PendingFile;
import io.github.visionj.image.RegionSource;
import io.github.visionj.image.RowSink;
import io.github.visionj.tiff.StripTiffWriter;

/**
 * The result files of a semantic segmentation written as the class rows of a block-wise run
 * arrive: the class image strip by strip (16-bit), per band of rows one ROI per class present
 * (named {@code <class>-y<first row>}), and the class areas of each plane, counted as the rows
 * pass ({@link StreamedFiles}).
 */
public final class ClassFiles implements StreamedFiles, RowSink {

	private final OutputFolder folder;
	private final String name;
	private final ImagePlus input;
	private final RegionSource source;
	private final List<String> named;
	private final StripTiffWriter classes;
	private final PendingFile roiFile;
	private final java.util.zip.ZipOutputStream zip;
	private final DataOutputStream zipData;
	private final RoiEncoder encoder;
	private final Set<String> entries = new HashSet<>();
	private final List<long[]> counts = new ArrayList<>();
	private int rois, maxClass;

	/** @param classNames the classes the model names (index 1 onward), or none: then they are "class n" */
	public ClassFiles(OutputFolder folder, String name, ImagePlus input, RegionSource source, List<String> classNames) {
		this.folder = folder;
		this.name = name;
		this.input = input;
		this.source = source;
		this.named = classNames;
		classes = new StripTiffWriter(folder.path(name, OutputFile.CLASSES), folder.overwrite(), source.width(), source.height(),
			source.slices(), source.frames(), 16, source.calibration());
		PendingFile set = null;
		try {
			set = PendingFile.create(folder.path(name, OutputFile.ROIS), folder.overwrite());
			zip = new java.util.zip.ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(set.path())));
		}
		catch (IOException | RuntimeException e) {
			classes.discard();
			if (set != null) set.discard();
			throw e instanceof RuntimeException r ? r : PendingFile.failed(folder.path(name, OutputFile.ROIS), e);
		}
		roiFile = set;
		zipData = new DataOutputStream(zip);
		encoder = new RoiEncoder(zipData);
	}

	@Override
	public void rows(int z, int t, long y0, int rows, int[] values) {
		classes.rows(z, t, y0, rows, values);
		int plane = z + source.slices() * t, width = (int) source.width();
		while (counts.size() <= plane)
			counts.add(new long[1]);
		long[] count = counts.get(plane);
		int n = rows * width, max = 0;
		for (int i = 0; i < n; i++) {
			int c = values[i];
			if (c >= count.length) count = Arrays.copyOf(count, c + 1);
			count[c]++;
			max = Math.max(max, c);
		}
		counts.set(plane, count);
		maxClass = Math.max(maxClass, max);
		int[] band = n == values.length ? values : Arrays.copyOf(values, n);
		for (int c = 1; c <= max && (named.isEmpty() || c <= named.size()); c++) {
			Roi roi = Rois.ofClass(band, width, rows, c);
			if (roi == null) continue;
			roi.setLocation(roi.getXBase(), roi.getYBase() + y0);
			roi.setName(className(c) + (source.slices() * source.frames() > 1 ? "-z" + (z + 1) + "-t" + (t + 1) : "") + "-y" + y0);
			Rois.place(List.of(roi), input, z + 1, t + 1);
			try {
				zip.putNextEntry(new java.util.zip.ZipEntry(OutputFolder.entryName(roi.getName(), rois++, entries)));
				encoder.write(roi);
				zipData.flush();
			}
			catch (IOException e) {
				throw PendingFile.failed(roiFile.target(), e);
			}
		}
	}

	/** As the results in memory name them: the model's class names, else "class n". */
	private String className(int c) {
		return named.isEmpty() ? "class " + c : named.get(c - 1);
	}

	/** Completes the files and moves each onto its name: classes, ROIs, then the class areas. */
	@Override
	public void commit() {
		try {
			classes.close();
			zip.close();
		}
		catch (IOException e) {
			discard();
			throw PendingFile.failed(roiFile.target(), e);
		}
		catch (RuntimeException e) {
			discard();
			throw e;
		}
		roiFile.commit();
		List<String> names = new ArrayList<>(List.of("background"));
		for (int c = 1; c <= (named.isEmpty() ? Math.max(1, maxClass) : named.size()); c++)
			names.add(className(c));
		ij.measure.Calibration cal = input.getCalibration();
		List<ClassAreaRow> rows = new ArrayList<>();
		for (int p = 0; p < counts.size(); p++)
			for (int c = 1; c < names.size(); c++)
				rows.add(new ClassAreaRow(c, names.get(c), (c < counts.get(p).length ? counts.get(p)[c] : 0) * cal.pixelWidth *
					cal.pixelHeight, p % source.slices() + 1, p / source.slices() + 1));
		folder.writeResults(name, ResultTables.classAreas(rows));
	}

	@Override
	public void discard() {
		classes.discard();
		try {
			zip.close();
		}
		catch (IOException e) {
			// the file is deleted next
		}
		roiFile.discard();
	}
}
