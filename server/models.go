package server

import (
	"strings"

	"github.com/valyala/fasthttp"
)

// handleModels serves GET /v1/models: the one model this server runs.
func (s *Server) handleModels(ctx *fasthttp.RequestCtx) {
	list := modelList{Object: "list", Data: []modelObject{}}
	if s.attached.Load() {
		list.Data = append(list.Data, s.modelObject())
	}
	ctx.SetContentType("application/json")
	ctx.SetBody(mustJSON(list))
}

// handleModel serves GET /v1/models/{id}.
func (s *Server) handleModel(ctx *fasthttp.RequestCtx) {
	id := strings.TrimPrefix(string(ctx.Path()), "/v1/models/")
	if !s.attached.Load() || !s.cfg.servesModel(id) {
		writeError(ctx, modelNotFound(id))
		return
	}
	ctx.SetContentType("application/json")
	ctx.SetBody(mustJSON(s.modelObject()))
}

func (s *Server) modelObject() modelObject {
	return modelObject{ID: s.ModelID(), Object: "model", Created: s.created, OwnedBy: "lares"}
}
