package io.github.visionj.pipeline;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * An object a block owns (its centroid lies in the block's core), as the block decoded it, before
 * {@link ObjectAssembly} gives it its label and the pixels an earlier block's object took: the
 * result of decoding one block, which may be computed anywhere (a Spark executor) and stored.
 *
 * @param x its bounding box's left column in the plane
 * @param y its bounding box's top row in the plane
 * @param mask its decoded pixels, row-major inside the box
 * @param cut whether it reaches the edge of its block's read region inside the plane (so may go on beyond it)
 */
public record OwnedObject(int classIndex, float score, long x, long y, int width, int height, boolean[] mask, boolean cut) {

	/** Writes the object compactly (its mask as bits), as {@link #read} reads it. */
	public void write(DataOutput out) throws IOException {
		out.writeInt(classIndex);
		out.writeFloat(score);
		out.writeLong(x);
		out.writeLong(y);
		out.writeInt(width);
		out.writeInt(height);
		out.writeBoolean(cut);
		byte[] bits = new byte[(mask.length + 7) / 8];
		for (int i = 0; i < mask.length; i++)
			if (mask[i]) bits[i >> 3] |= (byte) (1 << (i & 7));
		out.write(bits);
	}

	public static OwnedObject read(DataInput in) throws IOException {
		int classIndex = in.readInt();
		float score = in.readFloat();
		long x = in.readLong(), y = in.readLong();
		int width = in.readInt(), height = in.readInt();
		boolean cut = in.readBoolean();
		boolean[] mask = new boolean[Math.multiplyExact(width, height)];
		byte[] bits = new byte[(mask.length + 7) / 8];
		in.readFully(bits);
		for (int i = 0; i < mask.length; i++)
			mask[i] = (bits[i >> 3] & (1 << (i & 7))) != 0;
		return new OwnedObject(classIndex, score, x, y, width, height, mask, cut);
	}
}
