import { describeSessionConformance } from "@sealed-session/testing";
import type { NextFunction, Request, Response } from "express";
import { contextOf, expressVersions, start } from "./_apps";

for (const [name, express] of expressVersions) {
  describeSessionConformance(`${name} (node:http on 127.0.0.1)`, (handler) => {
    const app = express();
    app.use(express.json());
    app.use((req: Request, res: Response, next: NextFunction) => {
      handler(contextOf(req, res)).then((result) => res.json(result), next);
    });
    app.use((error: Error, _req: Request, res: Response, _next: NextFunction) => {
      res.status(500).json({ error: error.message });
    });
    return start(app);
  });
}
