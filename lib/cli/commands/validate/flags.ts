import { z } from "zod";
import { configFlag, jsonFlag } from "../../flags";

export const validateFlags = z.object({ config: configFlag, json: jsonFlag });
