import { describe, expect, it } from "vitest";
import { FootprintCounter } from "./chat-footprint";
import type { ChatMessageLike } from "./chat-request";

const PNG_1x1 =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

function turn(i: number): ChatMessageLike[] {
  return [
    { role: "user", content: `question ${i}: what is ${i} squared, and why?` },
    { role: "assistant", content: `${i * i}, because ${i} × ${i} = ${i * i}.` },
  ];
}

describe("FootprintCounter conversation sums", () => {
  it("counts a growing conversation exactly as a fresh counter does, turn by turn", () => {
    const warm = new FootprintCounter();
    const history: ChatMessageLike[] = [{ role: "system", content: "You are terse." }];
    for (let i = 0; i < 30; i++) {
      history.push(...turn(i));
      const request = { messages: [...history] };
      const fresh = new FootprintCounter().count(request);
      expect(warm.count(request)).toEqual(fresh);
    }
  });

  it("recounts from the first message that is not the same object, and keeps images of the kept prefix", () => {
    const counter = new FootprintCounter();
    const system: ChatMessageLike = { role: "system", content: "Describe images." };
    const image: ChatMessageLike = {
      role: "user",
      content: [
        { type: "text", text: "what is this?" },
        { type: "image_url", image_url: { url: PNG_1x1 } },
      ],
    };
    const a: ChatMessageLike = { role: "assistant", content: "A single pixel." };
    const first = counter.count({ messages: [system, image, a] });
    expect(first.images).toHaveLength(1);
    // A different message at index 2 (edited history), then a shorter and a longer request.
    const edited: ChatMessageLike = { role: "assistant", content: "One transparent pixel, I think." };
    const second = counter.count({ messages: [system, image, edited] });
    expect(second).toEqual(new FootprintCounter().count({ messages: [system, image, edited] }));
    expect(second.tokens).not.toBe(first.tokens);
    const shorter = counter.count({ messages: [system] });
    expect(shorter).toEqual(new FootprintCounter().count({ messages: [system] }));
    expect(shorter.images).toHaveLength(0);
    const longer = counter.count({ messages: [system, image, edited, ...turn(1)] });
    expect(longer).toEqual(new FootprintCounter().count({ messages: [system, image, edited, ...turn(1)] }));
    expect(longer.images).toHaveLength(1);
  });

  it("keeps two interleaved conversations apart", () => {
    const counter = new FootprintCounter();
    const a: ChatMessageLike[] = [{ role: "user", content: "conversation A" }];
    const b: ChatMessageLike[] = [{ role: "user", content: "conversation B, longer than A" }];
    for (let i = 0; i < 5; i++) {
      a.push(...turn(i));
      b.push(...turn(i + 100));
      expect(counter.count({ messages: [...a] })).toEqual(new FootprintCounter().count({ messages: [...a] }));
      expect(counter.count({ messages: [...b] })).toEqual(new FootprintCounter().count({ messages: [...b] }));
    }
  });
});
