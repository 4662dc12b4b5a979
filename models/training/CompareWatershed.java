import java.io.File;
import java.util.ArrayDeque;
import java.util.Arrays;

import ij.IJ;
import ij.ImagePlus;
import ij.plugin.filter.EDM;
import ij.process.ByteProcessor;
import ij.process.ShortProcessor;
import io.github.visionj.decode.DecoderSettings;
import io.github.visionj.decode.ForegroundDecoder;
import io.github.visionj.image.FloatTensor;

/**
 * Splits the same probability maps into objects two ways and writes both label images, for
 * VisionJ's evaluate task: the foreground decoder (threshold, seeded watershed on the distance
 * transform) and ImageJ's own Process › Binary › Watershed (EDM + MaximumFinder) on the same
 * thresholded mask, its particles labelled 8-connected. Both drop objects under min_size pixels.
 *
 *   java -cp "target/visionj.jar:target/lib/*" models/training/CompareWatershed.java <probabilities folder> <output folder> [threshold] [min size]
 *
 * reads every <name>_probabilities.tif (written by the semantic task with --probabilities) and writes
 * <output>/foreground/<name>.tif and <output>/edm/<name>.tif.
 */
public class CompareWatershed {

	public static void main(String[] args) {
		File in = new File(args[0]), out = new File(args[1]);
		float threshold = args.length > 2 ? Float.parseFloat(args[2]) : 0.5f;
		int minSize = args.length > 3 ? Integer.parseInt(args[3]) : DecoderSettings.DEFAULTS.minSize();
		DecoderSettings settings = DecoderSettings.DEFAULTS.withProbability(threshold).withMinSize(minSize);
		new File(out, "foreground").mkdirs();
		new File(out, "edm").mkdirs();
		File[] maps = in.listFiles((d, n) -> n.endsWith("_probabilities.tif"));
		Arrays.sort(maps);
		for (File f : maps) {
			String name = f.getName().substring(0, f.getName().length() - "_probabilities.tif".length());
			ImagePlus imp = IJ.openImage(f.getPath());
			int w = imp.getWidth(), h = imp.getHeight();
			float[] p = (float[]) imp.getProcessor().convertToFloatProcessor().getPixels();
			int[] visionj = new ForegroundDecoder().decodeInstances(new FloatTensor(p.clone(), 1, h, w), settings).labels();
			ByteProcessor mask = new ByteProcessor(w, h);
			for (int i = 0; i < p.length; i++)
				mask.set(i, p[i] > threshold ? 255 : 0);
			new EDM().toWatershed(mask);
			int[] edm = components(mask, w, h, minSize);
			write(visionj, w, h, new File(out, "foreground/" + name + ".tif"));
			write(edm, w, h, new File(out, "edm/" + name + ".tif"));
		}
		System.out.println(maps.length + " maps split both ways into " + out);
	}

	/** 8-connected particles of the nonzero pixels, those under minSize pixels removed, labelled 1..N. */
	static int[] components(ByteProcessor mask, int w, int h, int minSize) {
		int[] labels = new int[w * h];
		int next = 0;
		ArrayDeque<Integer> queue = new ArrayDeque<>();
		for (int start = 0; start < labels.length; start++) {
			if (mask.get(start) == 0 || labels[start] != 0) continue;
			int label = ++next;
			java.util.List<Integer> members = new java.util.ArrayList<>();
			labels[start] = label;
			queue.add(start);
			while (!queue.isEmpty()) {
				int i = queue.poll();
				members.add(i);
				int x = i % w, y = i / w;
				for (int dy = -1; dy <= 1; dy++)
					for (int dx = -1; dx <= 1; dx++) {
						int nx = x + dx, ny = y + dy;
						if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
						int j = ny * w + nx;
						if (mask.get(j) != 0 && labels[j] == 0) {
							labels[j] = label;
							queue.add(j);
						}
					}
			}
			if (members.size() < minSize) {
				for (int i : members)
					labels[i] = 0;
				next--;
			}
		}
		return labels;
	}

	static void write(int[] labels, int w, int h, File file) {
		ShortProcessor sp = new ShortProcessor(w, h);
		for (int i = 0; i < labels.length; i++)
			sp.set(i, labels[i]);
		IJ.saveAsTiff(new ImagePlus(file.getName(), sp), file.getPath());
	}
}
