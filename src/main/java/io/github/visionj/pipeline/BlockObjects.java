package io.github.visionj.pipeline;

import java.util.function.Consumer;

import io.github.visionj.decode.DecoderSettings;
import io.github.visionj.decode.Instance;
import io.github.visionj.decode.InstanceDecoder;
import io.github.visionj.decode.Instances;
import io.github.visionj.image.FloatTensor;
import io.github.visionj.image.RowSink;
import io.github.visionj.image.Tensors;

/**
 * Instance segmentation block by block: decodes each block's read region and keeps the objects
 * whose centroid lies in the block's core, numbered 1..N across the run in the order they are
 * kept. A pixel two kept objects claim stays with the first. Finished label rows go to a
 * {@link RowSink}, finished objects to a listener.
 */
final class BlockObjects implements Segmentation.BlockTask {

	private final ModelRunner runner;
	private final InstanceDecoder decoder;
	private final DecoderSettings settings;
	private final RowSink sink;
	private final Consumer<ObjectMask> objects;
	private Plane plane;
	private Blocks blocks;
	private LabelBand band;
	private int count, cut;

	BlockObjects(ModelRunner runner, InstanceDecoder decoder, DecoderSettings settings, RowSink sink, Consumer<ObjectMask> objects) {
		this.runner = runner;
		this.decoder = decoder;
		this.settings = settings;
		this.sink = sink;
		this.objects = objects;
	}

	@Override
	public void startPlane(Plane plane, Blocks blocks) {
		this.plane = plane;
		this.blocks = blocks;
		band = new LabelBand(blocks, sink, plane);
	}

	@Override
	public void block(Blocks.Block block, FloatTensor maps) {
		int w = block.readWidth(), h = block.readHeight();
		Instances found = decoder.decodeInstances(Tensors.toPlaneSize(maps, 1, runner.upscale(), w, h), runner.grid(), w, h,
			settings);
		band.flushBefore(block.readY0());
		int n = found.count();
		int[] labels = found.labels(), area = new int[n + 1], minX = new int[n + 1], minY = new int[n + 1], maxX = new int[n + 1],
			maxY = new int[n + 1];
		long[] sumX = new long[n + 1], sumY = new long[n + 1];
		java.util.Arrays.fill(minX, Integer.MAX_VALUE);
		java.util.Arrays.fill(minY, Integer.MAX_VALUE);
		for (int y = 0, i = 0; y < h; y++)
			for (int x = 0; x < w; x++, i++) {
				int l = labels[i];
				if (l == 0) continue;
				area[l]++;
				sumX[l] += x;
				sumY[l] += y;
				minX[l] = Math.min(minX[l], x);
				minY[l] = Math.min(minY[l], y);
				maxX[l] = Math.max(maxX[l], x);
				maxY[l] = Math.max(maxY[l], y);
			}
		for (Instance o : found.objects()) {
			int l = o.label();
			if (area[l] == 0 || !block.coreContains(block.readX0() + sumX[l] / area[l], block.readY0() + sumY[l] / area[l]))
				continue;
			// Reaching the edge of the read region inside the plane, the object may go on beyond it.
			if (minX[l] == 0 && block.readX0() > 0 || minY[l] == 0 && block.readY0() > 0 || maxX[l] == w - 1 &&
				block.readX1() < blocks.width() || maxY[l] == h - 1 && block.readY1() < blocks.height()) cut++;
			keep(block, o, labels, w, minX[l], minY[l], maxX[l], maxY[l]);
		}
	}

	/** Writes the object's pixels that no earlier object took into the band and hands it on (unless nothing is left). */
	private void keep(Blocks.Block block, Instance o, int[] labels, int w, int x0, int y0, int x1, int y1) {
		int label = count + 1, kx0 = Integer.MAX_VALUE, ky0 = Integer.MAX_VALUE, kx1 = -1, ky1 = -1;
		for (int y = y0; y <= y1; y++)
			for (int x = x0; x <= x1; x++)
				if (labels[y * w + x] == o.label() && band.get(block.readX0() + x, block.readY0() + y) == 0) {
					band.set(block.readX0() + x, block.readY0() + y, label);
					kx0 = Math.min(kx0, x);
					ky0 = Math.min(ky0, y);
					kx1 = Math.max(kx1, x);
					ky1 = Math.max(ky1, y);
				}
		if (kx1 < 0) return;
		count = label;
		int bw = kx1 - kx0 + 1, bh = ky1 - ky0 + 1;
		boolean[] mask = new boolean[bw * bh];
		for (int y = ky0; y <= ky1; y++)
			for (int x = kx0; x <= kx1; x++)
				mask[(y - ky0) * bw + x - kx0] = band.get(block.readX0() + x, block.readY0() + y) == label;
		objects.accept(new ObjectMask(plane, new Instance(label, o.classIndex(), o.score()), block.readX0() + kx0,
			block.readY0() + ky0, bw, bh, mask));
	}

	@Override
	public void endPlane() {
		band.finish();
	}

	Segmentation.Summary summary() {
		return new Segmentation.Summary(count, cut);
	}
}
