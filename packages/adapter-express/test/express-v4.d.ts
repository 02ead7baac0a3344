// express@4 is installed under this alias; its API is typed like express's.
declare module "express-v4" {
  import express from "express";
  export default express;
}
